using System.Text.Json.Nodes;
using k8s;

namespace PodIdentity.Manifests;

/// <summary>
/// Reads and writes Kubernetes manifests (YAML, or JSON, which is YAML) without reflection, for
/// Native AOT: in KubernetesClient.Aot, KubernetesYaml is internal. YAML is converted to JSON at the
/// parser-event level and bound to the model by KubernetesJson's source-generated serializer; models
/// are written back through KubernetesJson and YamlDotNet's emitter in KubernetesYaml's old format.
/// </summary>
public static class KubernetesManifest
{
    /// <summary>Every non-empty document as JSON (multi-document "---" files allowed).</summary>
    /// <exception cref="ManifestException">The text is not well-formed YAML.</exception>
    public static IReadOnlyList<JsonNode> Parse(string text) => [.. YamlReader.Read(text).Select(d => d.Root)];

    /// <summary>Every non-empty document with its apiVersion and kind.</summary>
    /// <exception cref="ManifestException">The text is not well-formed YAML, or a document is not a mapping.</exception>
    public static IReadOnlyList<ManifestDocument> Load(string text) =>
    [
        .. YamlReader.Read(text).Select(d => d.Root is JsonObject node
            ? new ManifestDocument(d, node)
            : throw new ManifestException($"expected a Kubernetes object (a mapping with apiVersion and kind), found {Describe(d.Root)}", (int)d.Start.Line, (int)d.Start.Column)),
    ];

    /// <summary>Every document whose apiVersion and kind are those of <typeparamref name="T"/>, in file order; other kinds are skipped.</summary>
    /// <exception cref="ManifestException">The text is not well-formed YAML, or a matching document does not fit the model.</exception>
    public static IReadOnlyList<T> LoadAll<T>(string text)
        where T : IKubernetesObject =>
        [.. Load(text).Where(d => d.ModelType is { } type && typeof(T).IsAssignableFrom(type)).Select(d => (T)d.ToModel()!)];

    /// <summary>The one document of <paramref name="text"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="ManifestException">Not well-formed YAML, not exactly one document, or a value that does not fit the model.</exception>
    public static T Deserialize<T>(string text)
    {
        var documents = Load(text);
        return documents.Count == 1
            ? documents[0].Deserialize<T>()
            : throw new ManifestException($"expected one document, found {documents.Count}", documents.Count == 0 ? 1 : documents[1].Line, 1);
    }

    /// <summary>
    /// A model object (or a <see cref="JsonNode"/>) as one YAML document ending in a newline: block
    /// style, lists not indented under their key, text quoted only where it would read back as
    /// another type, multi-line text as literal blocks.
    /// </summary>
    public static string Serialize(object model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model is JsonNode node
            ? YamlWriter.Write(node, shape: null)
            : YamlWriter.Write(JsonNode.Parse(KubernetesJson.Serialize(model)), ModelShape.Of(model.GetType()));
    }

    private static string Describe(JsonNode node) => node switch
    {
        JsonArray => "a list",
        _ => $"the scalar {node.ToJsonString()}",
    };
}
