using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace PodIdentity.Deploy.Tests.Support;

/// <summary>
/// Renders and lints the chart with the real Helm binary (release pod-identity-webhook in
/// pod-identity-system). Arguments are Helm's own: <c>--set k=v</c>, <c>-f file</c>, <c>--kube-version</c>.
/// </summary>
internal static class Helm
{
    private static readonly ConcurrentDictionary<string, Lazy<ToolResult>> Cache = new();

    /// <summary>The objects <c>helm template</c> renders, test hooks included; fails with Helm's message.</summary>
    public static List<JsonObject> Template(params string[] arguments)
    {
        var result = TryTemplate(arguments);
        return result.Succeeded
            ? Yaml.Objects(result.Stdout)
            : throw new InvalidOperationException($"helm template {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Stderr}");
    }

    public static ToolResult TryTemplate(params string[] arguments) =>
        Run(["template", Repo.ReleaseName, Repo.ChartDir, "--namespace", Repo.ReleaseNamespace, .. arguments]);

    public static ToolResult Lint(params string[] arguments) =>
        Run(["lint", Repo.ChartDir, "--strict", "--namespace", Repo.ReleaseNamespace, .. arguments]);

    /// <summary>NOTES.txt as Helm renders it for these values (a client-side dry-run install: no cluster).</summary>
    public static string Notes(params string[] arguments)
    {
        var result = Run(["install", Repo.ReleaseName, Repo.ChartDir, "--namespace", Repo.ReleaseNamespace, "--dry-run=client", .. arguments]);
        var at = result.Stdout.IndexOf("\nNOTES:\n", StringComparison.Ordinal);
        return result.Succeeded && at >= 0
            ? result.Stdout[(at + "\nNOTES:\n".Length)..]
            : throw new InvalidOperationException($"helm install --dry-run=client exited {result.ExitCode} without NOTES: {result.Stderr}");
    }

    /// <summary>Objects Helm installs as the release (no hooks: tests and the like run separately).</summary>
    public static List<JsonObject> WithoutHooks(this IEnumerable<JsonObject> objects) =>
        objects.Where(o => o["metadata"]?["annotations"]?["helm.sh/hook"] is null).ToList();

    public static List<JsonObject> Hooks(this IEnumerable<JsonObject> objects, string hook) =>
        objects.Where(o => ((string?)o["metadata"]?["annotations"]?["helm.sh/hook"])?.Split(',').Contains(hook) == true).ToList();

    private static ToolResult Run(string[] arguments) =>
        Cache.GetOrAdd(string.Join('\0', arguments), _ => new Lazy<ToolResult>(() => Tool.Run(Tool.Path("helm"), arguments))).Value;
}
