using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace PodIdentity.Deploy.Tests.Support;

/// <summary>Lookups over rendered Kubernetes objects.</summary>
internal static class K8s
{
    public static string Kind(this JsonNode o) => (string)o["kind"]!;
    public static string Name(this JsonNode o) => (string)o["metadata"]!["name"]!;
    public static string? Namespace(this JsonNode o) => (string?)o["metadata"]!["namespace"];

    public static List<JsonObject> OfKind(this IEnumerable<JsonObject> objects, string kind) => objects.Where(o => o.Kind() == kind).ToList();

    public static JsonObject Single(this IEnumerable<JsonObject> objects, string kind, string? name = null)
    {
        var matches = objects.Where(o => o.Kind() == kind && (name is null || o.Name() == name)).ToList();
        Assert.True(matches.Count == 1, $"expected exactly one {kind}{(name is null ? "" : $" named {name}")}, found {matches.Count}");
        return matches[0];
    }

    public static JsonObject Webhook(this IEnumerable<JsonObject> objects) =>
        objects.Where(o => o.Kind() == "Deployment" && (string?)o["metadata"]!["labels"]?["app.kubernetes.io/component"] == "webhook")
            .Single();

    public static JsonObject Container(this JsonObject deployment, string name) =>
        (JsonObject)deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single(c => (string)c!["name"]! == name)!;

    public static Dictionary<string, string> Env(this JsonObject container) =>
        container["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => (string?)e!["value"] ?? "");

    public static JsonObject Port(this JsonObject container, string name) =>
        (JsonObject)container["ports"]!.AsArray().Single(p => (string?)p!["name"] == name)!;

    public static Dictionary<string, string> Labels(JsonNode? map) =>
        map?.AsObject().ToDictionary(kv => kv.Key, kv => (string)kv.Value!) ?? [];

    public static List<string> Strings(JsonNode? array) => array!.AsArray().Select(v => (string)v!).ToList();

    /// <summary>Asserts two JSON trees are equal, with both in the failure message.</summary>
    public static void Equal(JsonNode? expected, JsonNode? actual, string what)
    {
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{what} differs:\n expected {Show(expected)}\n actual   {Show(actual)}");
    }

    public static string Show(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";

    /// <summary>Every key/value of <paramref name="selector"/> is in <paramref name="labels"/>.</summary>
    public static bool Selects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
