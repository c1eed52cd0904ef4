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
    ])]
[JsonSerializable(typeof(AdmissionReview))]
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
