using System.Diagnostics;
using System.Text;

namespace PodIdentity.Acceptance.Tests.Harness;

/// <summary>
/// Runs the credential probe as the container would: in a private mount namespace (<c>unshare --mount</c>)
/// where each volume's directory is bind-mounted read-only at its real absolute mount path, with exactly the
/// container's environment plus the test's endpoint overrides, nothing inherited from the test host.
/// </summary>
internal static class ContainerProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    /// <param name="probe">The probe's name ("aws", "gcp", ...), its first argument.</param>
    /// <param name="testEnvironment">Variables the test adds to the container's (stand-in endpoints); named in each test.</param>
    public static async Task<ProbeRun> RunAsync(ContainerView view, string probe, IReadOnlyDictionary<string, string> testEnvironment, params string[] probeArgs)
    {
        var scratch = Directory.CreateDirectory(Path.Combine(view.Root, "scratch")).FullName;
        var info = new ProcessStartInfo("unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };

        // Root may create a mount namespace directly; anyone else needs a user namespace to be root in.
        var arguments = Environment.IsPrivilegedProcess ? new List<string>() : ["--user", "--map-root-user"];
        arguments.AddRange(["--mount", "--propagation", "private", "--", "/bin/sh", RepositoryPaths.EnterContainerScript, scratch]);
        foreach (var mount in view.Mounts)
        {
            arguments.AddRange([mount.HostPath, mount.ContainerPath]);
        }

        arguments.Add("--");
        foreach (var (name, value) in view.Environment.Where(e => !testEnvironment.ContainsKey(e.Key)).Concat(testEnvironment))
        {
            arguments.Add($"{name}={value}");
        }

        arguments.AddRange([RepositoryPaths.DotnetHost, RepositoryPaths.ProbeAssembly, probe, .. probeArgs]);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Only the setup script sees this; `env -i` gives the probe nothing of it.
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start unshare");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the credential probe did not finish within {Timeout.TotalSeconds} s; stderr:\n{stderr}");
        }

        process.WaitForExit();
        return new ProbeRun(process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
