using k8s;
using PodIdentity.Manifests;

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

        try
        {
            var documents = KubernetesManifest.Load(File.ReadAllText(path));
            var match = documents.FirstOrDefault(d => d.ModelType == typeof(T));
            if (match is not null)
            {
                return match.Deserialize<T>();
            }

            // A kind spelt right under another apiVersion would read "contains Pod, not a Pod": say which apiVersion.
            var found = documents.Where(d => d.Kind is not null)
                .Select(d => d.Kind == kind ? $"{d.Kind} (apiVersion: {d.ApiVersion})" : d.Kind!)
                .ToList();
            throw new PreviewInputException(found.Count == 0
                ? $"{path}: contains no Kubernetes object; expected a {kind} (apiVersion: v1, kind: {kind})"
                : $"{path}: contains {string.Join(", ", found)}, not a {kind}; expected apiVersion: v1, kind: {kind}");
        }
        catch (ManifestException e)
        {
            throw new PreviewInputException($"{path}: not a readable Kubernetes manifest ({e.Message.Trim()}); expected a {kind} with apiVersion and kind");
        }
    }
}

internal sealed class PreviewInputException(string message) : Exception(message);
