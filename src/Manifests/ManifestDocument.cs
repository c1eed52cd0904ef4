using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace PodIdentity.Manifests;

/// <summary>
/// One document of a manifest file: its apiVersion and kind as written, and its content as JSON.
/// Kinds this project has no model for are kept (not dropped), so a caller can say what a file holds.
/// </summary>
public sealed record ManifestDocument
{
    private readonly ParsedDocument _parsed;

    internal ManifestDocument(ParsedDocument parsed, JsonObject node)
    {
        _parsed = parsed;
        Node = node;
        ApiVersion = Text(node, "apiVersion");
        Kind = Text(node, "kind");
        if (KnownKinds.Find(ApiVersion, Kind) is { } known)
        {
            TextCoercion.Apply(node, ModelShape.Of(known.Type), parsed);
        }
    }

    /// <summary>apiVersion as written, or null when absent or not text.</summary>
    public string? ApiVersion { get; }

    /// <summary>kind as written, or null when absent or not text.</summary>
    public string? Kind { get; }

    /// <summary>
    /// The document as JSON. For a known kind (and after <see cref="Deserialize{T}"/>), numbers and
    /// booleans in text fields are already back to the text they were written as.
    /// </summary>
    public JsonObject Node { get; }

    /// <summary>1-based line where the document's content starts.</summary>
    public int Line => (int)_parsed.Start.Line;

    /// <summary>The model type for this apiVersion and kind, or null when this project has none (see <see cref="KubernetesManifest.LoadAll{T}"/>).</summary>
    public Type? ModelType => KnownKinds.Find(ApiVersion, Kind)?.Type;

    /// <summary>The document as <typeparamref name="T"/>, whatever its kind says.</summary>
    /// <exception cref="ManifestException">A value does not fit the model (a number where text belongs, a bad quantity); the message has its line and column.</exception>
    public T Deserialize<T>()
    {
        TextCoercion.Apply(Node, ModelShape.Of(typeof(T)), _parsed);
        return Convert(() => KubernetesJson.Deserialize<T>(Node));
    }

    /// <summary>The document as its model type, or null when <see cref="ModelType"/> is null.</summary>
    /// <exception cref="ManifestException">A value does not fit the model.</exception>
    public IKubernetesObject? ToModel() => KnownKinds.Find(ApiVersion, Kind) is { } entry ? Convert(() => entry.Read(Node)) : null;

    private T Convert<T>(Func<T> read)
    {
        try
        {
            return read() ?? throw new ManifestException("the document is empty", Line, (int)_parsed.Start.Column);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            var path = (e as JsonException)?.Path;
            var at = _parsed.Locate(path);
            var message = e.Message;
            var pathNote = message.IndexOf(" Path: ", StringComparison.Ordinal);
            message = pathNote >= 0 ? message[..pathNote] : message.Trim();
            throw new ManifestException(path is null ? message : $"{message} (at {path})", (int)at.Line, (int)at.Column, e);
        }
    }

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
