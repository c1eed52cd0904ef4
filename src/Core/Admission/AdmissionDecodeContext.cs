using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace PodIdentity.Core.Admission;

/// <summary>
/// Decodes an AdmissionReview for mutation only. Mutation reads names, env names, mounts,
/// annotations and the node selector; the subtrees below are never read, so they are skipped
/// instead of materialized (probes, resources, security contexts, status, managed fields… make
/// up most of a real pod). The pods this yields are deliberately partial: never re-serialize
/// them. <c>DecodedPodEquivalenceTests</c> proves the patch is byte-identical to the full model's.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters =
    [
        typeof(SkipValue<V1ManagedFieldsEntry>),
        typeof(SkipValue<V1OwnerReference>),
        typeof(SkipValue<V1PodStatus>),
        typeof(SkipValue<V1Affinity>),
        typeof(SkipValue<V1Toleration>),
        typeof(SkipValue<V1TopologySpreadConstraint>),
        typeof(SkipValue<V1PodSecurityContext>),
        typeof(SkipValue<V1PodDNSConfig>),
        typeof(SkipValue<V1HostAlias>),
        typeof(SkipValue<V1PodReadinessGate>),
        typeof(SkipValue<V1PodResourceClaim>),
        typeof(SkipValue<V1PodSchedulingGate>),
        typeof(SkipValue<V1ResourceRequirements>),
        typeof(SkipValue<V1Probe>),
        typeof(SkipValue<V1Lifecycle>),
        typeof(SkipValue<V1SecurityContext>),
        typeof(SkipValue<V1ContainerPort>),
        typeof(SkipValue<V1EnvVarSource>),
        typeof(SkipValue<V1EnvFromSource>),
        typeof(SkipValue<V1VolumeDevice>),
        typeof(SkipValue<V1ContainerResizePolicy>),
        typeof(SkipValue<ResourceQuantity>),
        typeof(VolumeNameOnly),
        typeof(MetadataForMutation),
        typeof(ContainerForMutation),
    ])]
[JsonSerializable(typeof(AdmissionReview))]
[JsonSerializable(typeof(List<V1EnvVar>))]
internal sealed partial class AdmissionDecodeContext : JsonSerializerContext
{
    /// <summary>Leaves a value unread: the reader skips the whole subtree.</summary>
    internal sealed class SkipValue<T> : JsonConverter<T>
        where T : class
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            reader.Skip();
            return null;
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            throw new NotSupportedException("AdmissionDecodeContext is for decoding only");
    }

    /// <summary>Metadata: name, generateName, namespace and annotations; labels, owners, managed fields… skipped.</summary>
    internal sealed class MetadataForMutation : JsonConverter<V1ObjectMeta>
    {
        public override V1ObjectMeta? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var metadata = new V1ObjectMeta();
            ForEachProperty(ref reader, ref metadata, static (ref Utf8JsonReader r, ref V1ObjectMeta m) =>
            {
                if (r.ValueTextEquals("name"u8))
                {
                    r.Read();
                    m.Name = r.GetString();
                }
                else if (r.ValueTextEquals("generateName"u8))
                {
                    r.Read();
                    m.GenerateName = r.GetString();
                }
                else if (r.ValueTextEquals("namespace"u8))
                {
                    r.Read();
                    m.NamespaceProperty = r.GetString();
                }
                else if (r.ValueTextEquals("annotations"u8))
                {
                    r.Read();
                    m.Annotations = JsonSerializer.Deserialize(ref r, CoreJsonContext.Default.DictionaryStringString);
                }
                else
                {
                    r.Read();
                    r.Skip();
                }
            });
            return metadata;
        }

        public override void Write(Utf8JsonWriter writer, V1ObjectMeta value, JsonSerializerOptions options) =>
            throw new NotSupportedException("AdmissionDecodeContext is for decoding only");
    }

    /// <summary>Containers: name, env and volume mounts; image, command, probes… skipped.</summary>
    internal sealed class ContainerForMutation : JsonConverter<V1Container>
    {
        public override V1Container? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var container = new V1Container();
            ForEachProperty(ref reader, ref container, static (ref Utf8JsonReader r, ref V1Container c) =>
            {
                if (r.ValueTextEquals("name"u8))
                {
                    r.Read();
                    c.Name = r.GetString();
                }
                else if (r.ValueTextEquals("env"u8))
                {
                    r.Read();
                    c.Env = JsonSerializer.Deserialize(ref r, AdmissionDecodeContext.Default.ListV1EnvVar);
                }
                else if (r.ValueTextEquals("volumeMounts"u8))
                {
                    r.Read();
                    c.VolumeMounts = JsonSerializer.Deserialize(ref r, CoreJsonContext.Default.ListV1VolumeMount);
                }
                else
                {
                    r.Read();
                    r.Skip();
                }
            });
            return container;
        }

        public override void Write(Utf8JsonWriter writer, V1Container value, JsonSerializerOptions options) =>
            throw new NotSupportedException("AdmissionDecodeContext is for decoding only");
    }

    private delegate void PropertyReader<T>(ref Utf8JsonReader reader, ref T target);

    /// <summary>Calls <paramref name="read"/> on each property name token of the object the reader is on.</summary>
    private static void ForEachProperty<T>(ref Utf8JsonReader reader, ref T target, PropertyReader<T> read)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"expected a JSON object for {typeof(T).Name}");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            read(ref reader, ref target);
        }
    }

    /// <summary>Only a volume's name matters to mutation (is it already there?).</summary>
    internal sealed class VolumeNameOnly : JsonConverter<V1Volume>
    {
        public override V1Volume? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("a volume must be a JSON object");
            }

            var volume = new V1Volume();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isName = reader.ValueTextEquals("name"u8);
                reader.Read();
                if (isName && reader.TokenType == JsonTokenType.String)
                {
                    volume.Name = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            return volume;
        }

        public override void Write(Utf8JsonWriter writer, V1Volume value, JsonSerializerOptions options) =>
            throw new NotSupportedException("AdmissionDecodeContext is for decoding only");
    }
}
