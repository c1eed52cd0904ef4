using System.Text.Json.Serialization;
using PodIdentity.Core.Pods;

namespace PodIdentity.Core.Admission;

/// <summary>admission.k8s.io/v1 AdmissionReview. KubernetesClient ships no model for it.</summary>
public sealed class AdmissionReview
{
    public const string V1 = "admission.k8s.io/v1";

    [JsonPropertyName("apiVersion")] public string? ApiVersion { get; set; }
    [JsonPropertyName("kind")] public string? Kind { get; set; }
    [JsonPropertyName("request")] public AdmissionRequest? Request { get; set; }
    [JsonPropertyName("response")] public AdmissionResponse? Response { get; set; }
}

public sealed class AdmissionRequest
{
    [JsonPropertyName("uid")] public string Uid { get; set; } = "";
    [JsonPropertyName("kind")] public GroupVersionKind? Kind { get; set; }
    [JsonPropertyName("resource")] public GroupVersionResource? Resource { get; set; }
    [JsonPropertyName("subResource")] public string? SubResource { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("namespace")] public string? Namespace { get; set; }
    [JsonPropertyName("operation")] public string? Operation { get; set; }

    /// <summary>
    /// The pod as mutation reads it (<see cref="AdmissionReviewReader"/>). Not serialized: only responses are
    /// written, and the pod keeps only what mutation reads.
    /// </summary>
    [JsonIgnore] public Pod? Object { get; set; }

    /// <summary>
    /// Why <c>request.object</c>, present, is not a pod mutation can read: its first null element, worded by
    /// <see cref="PodShape"/> ("spec.containers[1] is null: expected …"); <see cref="Object"/> is then null.
    /// The handler answers it 400 "request.object." + this, where it would check the pod.
    /// </summary>
    [JsonIgnore] public string? ObjectProblem { get; set; }

    [JsonPropertyName("dryRun")] public bool? DryRun { get; set; }
}

public sealed class AdmissionResponse
{
    [JsonPropertyName("uid")] public string Uid { get; set; } = "";
    [JsonPropertyName("allowed")] public bool Allowed { get; set; }
    [JsonPropertyName("status")] public AdmissionStatus? Status { get; set; }
    /// <summary>Base64 of the RFC 6902 patch; System.Text.Json writes byte[] as base64.</summary>
    [JsonPropertyName("patch")] public byte[]? Patch { get; set; }
    [JsonPropertyName("patchType")] public string? PatchType { get; set; }
    [JsonPropertyName("warnings")] public IReadOnlyList<string>? Warnings { get; set; }
}

public sealed class AdmissionStatus
{
    [JsonPropertyName("code")] public int? Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("reason")] public string? Reason { get; set; }
}

public sealed record GroupVersionKind(
    [property: JsonPropertyName("group")] string? Group,
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("kind")] string? Kind);

public sealed record GroupVersionResource(
    [property: JsonPropertyName("group")] string? Group,
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("resource")] string? Resource);
