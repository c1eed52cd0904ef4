using System.Diagnostics;

namespace PodIdentity.Webhook.Tests.Support;

/// <summary>
/// The webhook as the image ships it: a Native AOT binary. Published once per test run with
/// `dotnet publish -c Release` (about a minute and a half on two cores) into artifacts/native-test,
/// or taken from POD_IDENTITY_WEBHOOK_NATIVE when a build step already made one.
/// </summary>
public sealed class NativeWebhookBinary
{
    private const string Variable = "POD_IDENTITY_WEBHOOK_NATIVE";

    public NativeWebhookBinary()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            Assert.True(File.Exists(given), $"{Variable}={given}: no such file");
            Path = given;
            return;
        }

        var output = System.IO.Path.Combine(RepositoryPaths.Root, "artifacts", "native-test");
        var project = System.IO.Path.Combine(RepositoryPaths.Root, "src", "Webhook", "PodIdentity.Webhook.csproj");
        var publish = NativeProcess.Run("dotnet", ["publish", project, "-c", "Release", "-o", output, "-nologo", "-v", "quiet"], TimeSpan.FromMinutes(15));
        Assert.True(publish.ExitCode == 0, $"dotnet publish (Native AOT) failed with {publish.ExitCode}:\n{publish.Output}");
        Path = System.IO.Path.Combine(output, "PodIdentity.Webhook");
        Assert.True(File.Exists(Path), $"dotnet publish made no {Path}:\n{publish.Output}");
    }

    public string Path { get; }
}

/// <summary>A child process whose stdout and stderr are collected into one text, bounded in time.</summary>
public sealed class NativeProcess : IDisposable
{
    private readonly Process process;
    private readonly System.Text.StringBuilder output = new();

    private NativeProcess(string file, IEnumerable<string> args, string? workingDirectory)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public static NativeProcess Start(string file, IEnumerable<string> args, string? workingDirectory = null) => new(file, args, workingDirectory);

    /// <summary>Runs to completion (killed after <paramref name="timeout"/>).</summary>
    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        using var child = new NativeProcess(file, args, workingDirectory);
        if (!child.process.WaitForExit(timeout))
        {
            child.process.Kill(entireProcessTree: true);
            child.process.WaitForExit();
            return (-1, $"timed out after {timeout}:\n{child.Output}");
        }

        child.process.WaitForExit(); // drains the output readers
        return (child.ExitCode, child.Output);
    }

    /// <summary>SIGTERM, then waits for a graceful exit (SIGKILL after <paramref name="timeout"/>); returns the exit code, or -1 if it had to be killed.</summary>
    public int Terminate(TimeSpan timeout)
    {
        if (!process.HasExited)
        {
            _ = NativeMethods.kill(process.Id, NativeMethods.SIGTERM);
        }

        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return -1;
        }

        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
