using System.Text.Json.Serialization;
using k8s.Models;

namespace PodIdentity.Core.Serialization;

/// <summary>
/// Source-generated serializers for the patch values mutation writes and for a pod written into a review
/// (<c>AdmissionCodec.CreateReview</c>): no reflection under Native AOT.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(V1Pod))]
[JsonSerializable(typeof(V1Volume))]
[JsonSerializable(typeof(V1VolumeMount))]
[JsonSerializable(typeof(V1EnvVar))]
[JsonSerializable(typeof(V1Container))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(string))]
public sealed partial class CoreJsonContext : JsonSerializerContext;
