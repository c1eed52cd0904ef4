using System.Text.Json.Nodes;

namespace PodIdentity.Deploy.Tests.Support;

/// <summary>
/// Validates rendered objects offline against the Kubernetes, cert-manager and prometheus-operator schemas
/// that the npm packages kubernetes-models, @kubernetes-models/cert-manager and
/// @kubernetes-models/prometheus-operator ship (tests/tools/validate-k8s.mjs calls their .validate()).
/// </summary>
internal static class ObjectSchemas
{
    /// <summary>"apiVersion kind/name: message" for every object that does not validate; empty when all do.</summary>
    public static List<string> Errors(IEnumerable<JsonObject> objects)
    {
        var input = new JsonArray(objects.Select(o => (JsonNode)o.DeepClone()).ToArray()).ToJsonString();
        var result = Tool.Run("node", [Path.Combine(Repo.Root, "tests", "tools", "validate-k8s.mjs")], input);
        if (result.ExitCode is not (0 or 1))
        {
            throw new InvalidOperationException($"validate-k8s.mjs exited {result.ExitCode}: {result.Stderr}");
        }

        var verdicts = JsonNode.Parse(result.Stdout)!.AsArray();
        if (verdicts.Count != ((JsonArray)JsonNode.Parse(input)!).Count)
        {
            throw new InvalidOperationException($"validate-k8s.mjs answered {verdicts.Count} verdicts for a different number of objects: {result.Stdout}");
        }

        return verdicts
            .Where(v => v!["error"] is not null)
            .Select(v => $"{(string)v!["object"]!}: {(string)v["error"]!}")
            .ToList();
    }
}
