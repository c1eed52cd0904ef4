using k8s;
using k8s.Models;

namespace PodIdentity.Webhook.Preview;

/// <summary>Reads the first object of the wanted kind from a YAML or JSON manifest (multi-document files allowed).</summary>
internal static class ManifestFile
{
    public static T Read<T>(string path, string kind)
        where T : IKubernetesObject
    {
        if (!File.Exists(path))
        {
            throw new PreviewInputException($"{path}: file not found (expected a {kind} manifest in YAML or JSON)");
        }

        List<object> objects;
        try
        {
            objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(path));
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new PreviewInputException($"{path}: not a readable Kubernetes manifest ({e.Message.Trim()}); expected a {kind} with apiVersion and kind");
        }

        var match = objects.OfType<T>().FirstOrDefault();
        if (match is not null)
        {
            return match;
        }

        var found = objects.OfType<IKubernetesObject>().Select(o => o.Kind).ToList();
        throw new PreviewInputException(found.Count == 0
            ? $"{path}: contains no Kubernetes object; expected a {kind} (apiVersion: v1, kind: {kind})"
            : $"{path}: contains {string.Join(", ", found)}, not a {kind}; expected apiVersion: v1, kind: {kind}");
    }
}

internal sealed class PreviewInputException(string message) : Exception(message);
