using System.Text.Json.Serialization;
using k8s.Models;

namespace PodIdentity.Core.Serialization;

/// <summary>
/// Source-generated serializers for everything on the mutation path: no reflection when
/// decoding a review or writing patch values.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(V1Pod))]
[JsonSerializable(typeof(V1ServiceAccount))]
[JsonSerializable(typeof(V1Volume))]
[JsonSerializable(typeof(V1VolumeMount))]
[JsonSerializable(typeof(V1EnvVar))]
[JsonSerializable(typeof(V1Container))]
[JsonSerializable(typeof(List<V1Volume>))]
[JsonSerializable(typeof(List<V1VolumeMount>))]
[JsonSerializable(typeof(List<V1EnvVar>))]
[JsonSerializable(typeof(List<V1Container>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
public sealed partial class CoreJsonContext : JsonSerializerContext;
