using System.Text.Json.Nodes;

namespace PodIdentity.Deploy.Tests.Support;

/// <summary>Paths in the repository (found by walking up to Webhook.sln) and its parsed files.</summary>
internal static class Repo
{
    public const string ReleaseName = "pod-identity-webhook";
    public const string ReleaseNamespace = "pod-identity-system";

    private static readonly Lazy<string> RootPath = new(FindRoot);
    private static readonly Lazy<JsonObject> ValuesNode = new(() => (JsonObject)Yaml.ParseSingle(File.ReadAllText(ChartFile("values.yaml")))!);
    private static readonly Lazy<JsonObject> ChartNode = new(() => (JsonObject)Yaml.ParseSingle(File.ReadAllText(ChartFile("Chart.yaml")))!);

    public static string Root => RootPath.Value;
    public static string ChartDir => Path.Combine(Root, "charts", "pod-identity-webhook");
    public static string DeployDir => Path.Combine(Root, "deploy");
    public static string ChartFile(string relative) => Path.Combine(ChartDir, relative);
    public static string Template(string relative) => File.ReadAllText(Path.Combine(ChartDir, "templates", relative));

    /// <summary>values.yaml as JSON.</summary>
    public static JsonObject Values => ValuesNode.Value;

    /// <summary>Chart.yaml as JSON.</summary>
    public static JsonObject Chart => ChartNode.Value;

    public static string FixturesDir => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Webhook.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Webhook.sln above {AppContext.BaseDirectory}");
    }
}
