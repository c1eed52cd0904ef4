using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;
using k8s;

namespace PodIdentity.Manifests;

/// <summary>
/// What a JSON node stands for in the Kubernetes model, taken from the source-generated
/// System.Text.Json metadata (no reflection, so AOT-safe). The YAML writer needs it to write like
/// KubernetesClient's reflection-based serializer did: model objects put apiVersion, kind and metadata
/// first but maps keep their order, and quantities, int-or-strings and timestamps have their own style.
/// </summary>
internal sealed class ModelShape
{
    private static readonly ConcurrentDictionary<Type, ModelShape?> Shapes = new();

    private readonly JsonTypeInfo _info;

    private ModelShape(JsonTypeInfo info) => _info = info;

    /// <summary>The shape of a model type, or null when the Kubernetes model does not know it.</summary>
    public static ModelShape? Of(Type type) =>
        Shapes.GetOrAdd(type, static t => SourceGenerationContext.Default.GetTypeInfo(t) is { } info ? new ModelShape(info) : null);

    /// <summary>A model object with named properties (not a map from string to something).</summary>
    public bool IsObject => _info.Kind == JsonTypeInfoKind.Object;

    /// <summary>The CLR type of a scalar, without Nullable.</summary>
    public Type ScalarType => Nullable.GetUnderlyingType(_info.Type) ?? _info.Type;

    /// <summary>The shape of a property (model object) or of every value (map).</summary>
    public ModelShape? Member(string name) => _info.Kind switch
    {
        JsonTypeInfoKind.Object => _info.Properties.FirstOrDefault(p => p.Name == name) is { } property ? Of(property.PropertyType) : null,
        JsonTypeInfoKind.Dictionary => _info.ElementType is { } element ? Of(element) : null,
        _ => null,
    };

    /// <summary>The shape of every item of a list.</summary>
    public ModelShape? Item => _info.Kind == JsonTypeInfoKind.Enumerable && _info.ElementType is { } element ? Of(element) : null;
}
