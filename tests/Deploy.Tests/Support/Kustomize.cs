using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace PodIdentity.Deploy.Tests.Support;

/// <summary>Runs <c>kubectl kustomize</c> once per directory and parses its output.</summary>
internal static class Kustomize
{
    private static readonly ConcurrentDictionary<string, Lazy<List<JsonObject>>> Cache = new();

    public static List<JsonObject> Render(string directory) =>
        Cache.GetOrAdd(Path.GetFullPath(directory), d => new Lazy<List<JsonObject>>(() => Yaml.Objects(Run(d)))).Value;

    public static List<JsonObject> Base => Render(Repo.DeployDir);

    private static string Run(string directory)
    {
        var result = Tool.Run(Tool.Path("kubectl"), ["kustomize", directory]);
        return result.Succeeded
            ? result.Stdout
            : throw new InvalidOperationException($"kubectl kustomize {directory} exited {result.ExitCode}: {result.Stderr}");
    }
}
