using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Pods;

namespace PodIdentity.Core.Tests.Admission;

/// <summary>
/// What the decoder must agree with: System.Text.Json on the full model (KubernetesClient's <see cref="V1Pod"/>),
/// then the pod as mutation reads it (<see cref="PodModel.From"/>), or its first null element (<see cref="PodShape"/>).
/// </summary>
internal static class FullModel
{
    /// <summary>Throws <see cref="JsonException"/> where the serializer does.</summary>
    public static AdmissionReview? Decode(string json) => Decode(JsonSerializer.Deserialize(json, FullModelJsonContext.Default.FullAdmissionReview));

    public static AdmissionReview? Decode(byte[] json) => Decode(JsonSerializer.Deserialize(json, FullModelJsonContext.Default.FullAdmissionReview));

    private static AdmissionReview? Decode(FullAdmissionReview? full)
    {
        if (full is null)
        {
            return null;
        }

        var review = new AdmissionReview { ApiVersion = full.ApiVersion, Kind = full.Kind };
        if (full.Request is not { } request)
        {
            return review;
        }

        var problem = request.Object is { } pod ? PodShape.NullElement(pod) : null;
        review.Request = new AdmissionRequest
        {
            Uid = request.Uid,
            Kind = request.Kind,
            Resource = request.Resource,
            SubResource = request.SubResource,
            Name = request.Name,
            Namespace = request.Namespace,
            Operation = request.Operation,
            DryRun = request.DryRun,
            Object = request.Object is { } read && problem is null ? PodModel.From(read) : null,
            ObjectProblem = problem,
        };
        return review;
    }
}

internal sealed class FullAdmissionReview
{
    [JsonPropertyName("apiVersion")] public string? ApiVersion { get; set; }
    [JsonPropertyName("kind")] public string? Kind { get; set; }
    [JsonPropertyName("request")] public FullAdmissionRequest? Request { get; set; }
}

internal sealed class FullAdmissionRequest
{
    [JsonPropertyName("uid")] public string Uid { get; set; } = "";
    [JsonPropertyName("kind")] public GroupVersionKind? Kind { get; set; }
    [JsonPropertyName("resource")] public GroupVersionResource? Resource { get; set; }
    [JsonPropertyName("subResource")] public string? SubResource { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("namespace")] public string? Namespace { get; set; }
    [JsonPropertyName("operation")] public string? Operation { get; set; }
    [JsonPropertyName("object")] public V1Pod? Object { get; set; }
    [JsonPropertyName("dryRun")] public bool? DryRun { get; set; }
}

[JsonSerializable(typeof(FullAdmissionReview))]
internal sealed partial class FullModelJsonContext : JsonSerializerContext;
