using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace PodIdentity.Deploy.Tests.Support;

/// <summary>Runs <c>kubectl kustomize</c> once per directory and parses its output.</summary>
internal static class Kustomize
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly ConcurrentDictionary<string, Lazy<List<JsonObject>>> Cache = new();

    public static List<JsonObject> Render(string directory) =>
        Cache.GetOrAdd(Path.GetFullPath(directory), d => new Lazy<List<JsonObject>>(() => Parse(Run(d)))).Value;

    public static List<JsonObject> Base => Render(Repo.DeployDir);

    private static List<JsonObject> Parse(string output) =>
        Yaml.ParseAll(output).Select(n => n as JsonObject ?? throw new InvalidOperationException($"not an object: {n}")).ToList();

    private static string Run(string directory)
    {
        var kubectl = Environment.GetEnvironmentVariable("KUBECTL") ?? "kubectl";
        var start = new ProcessStartInfo(kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"'{kubectl}' was not found or cannot run ({ex.Message}). These tests render deploy/ with `kubectl kustomize`: " +
                "install kubectl (>= 1.27, kustomize v5) or point the KUBECTL variable at it.", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"kubectl kustomize {directory} did not finish within {Timeout.TotalSeconds} s");
            }

            process.WaitForExit();
            return process.ExitCode == 0
                ? stdout.Result
                : throw new InvalidOperationException($"kubectl kustomize {directory} exited {process.ExitCode}: {stderr.Result}");
        }
    }
}
