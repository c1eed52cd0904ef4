using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Pods;

namespace PodIdentity.Core.Tests.Admission;

/// <summary>
/// What the decoder must agree with: System.Text.Json on the full model (KubernetesClient's <see cref="V1Pod"/>),
/// then the pod as mutation reads it (<see cref="Pod(V1Pod)"/>), or its first null element (<see cref="NullElement"/>).
/// A second reading, by other means, kept here only as the decoder's reference: src reads every pod with the decoder.
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

        var problem = request.Object is { } pod ? NullElement(pod) : null;
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
            Object = request.Object is { } read && problem is null ? Pod(read) : null,
            ObjectProblem = problem,
        };
        return review;
    }

    /// <summary>The pod as mutation reads it, from the full model; check <see cref="NullElement"/> first.</summary>
    public static Pod Pod(V1Pod pod) => new()
    {
        Name = pod.Metadata?.Name,
        GenerateName = pod.Metadata?.GenerateName,
        Namespace = pod.Metadata?.NamespaceProperty,
        Annotations = Copy(pod.Metadata?.Annotations),
        Labels = pod.Metadata?.Labels is { } labels ? ProviderLabels.All.Where(labels.ContainsKey).ToDictionary(key => key, key => labels[key], StringComparer.Ordinal) : null,
        ServiceAccountName = pod.Spec?.ServiceAccountName,
        NodeSelector = Copy(pod.Spec?.NodeSelector),
        Containers = Containers(pod.Spec?.Containers),
        InitContainers = Containers(pod.Spec?.InitContainers),
        Volumes = pod.Spec?.Volumes?.Select(v => v.Name).ToArray(),
    };

    private static Dictionary<string, string>? Copy(IDictionary<string, string>? map) =>
        map is null ? null : new Dictionary<string, string>(map, StringComparer.Ordinal);

    private static Container[]? Containers(IList<V1Container>? containers) =>
        containers?.Select(c => new Container(c.Name ?? "")
        {
            Env = c.Env?.Select(e => new EnvVar(e.Name, e.Value)).ToArray(),
            VolumeMounts = c.VolumeMounts?.Select(m => new VolumeMount(m.Name, m.MountPath)).ToArray(),
        }).ToArray();

    /// <summary>Null when the pod has no null element, else "spec.containers[1].env[0] is null: expected …".</summary>
    public static string? NullElement(V1Pod pod)
    {
        if (pod.Metadata?.Annotations is { } annotations && NullValue(annotations) is { } key)
        {
            return PodShape.NullAnnotation(key);
        }

        if (pod.Spec is not { } spec)
        {
            return null;
        }

        if (spec.NodeSelector is { } selector && NullValue(selector) is { } label)
        {
            return PodShape.NullNodeSelectorValue(label);
        }

        return NullContainer(spec.Containers, "spec.containers")
            ?? NullContainer(spec.InitContainers, "spec.initContainers")
            ?? NullIn(spec.Volumes, "spec.volumes", PodShape.VolumeExpected);
    }

    private static string? NullContainer(IList<V1Container>? containers, string path)
    {
        if (containers is null)
        {
            return null;
        }

        for (var i = 0; i < containers.Count; i++)
        {
            if (containers[i] is not { } container)
            {
                return PodShape.NullElement($"{path}[{i}]", PodShape.ContainerExpected);
            }

            if (NullIn(container.Env, $"{path}[{i}].env", PodShape.EnvVarExpected) is { } env)
            {
                return env;
            }

            if (NullIn(container.VolumeMounts, $"{path}[{i}].volumeMounts", PodShape.VolumeMountExpected) is { } mount)
            {
                return mount;
            }
        }

        return null;
    }

    private static string? NullIn<T>(IList<T>? list, string path, string expected)
        where T : class
    {
        if (list is null)
        {
            return null;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                return PodShape.NullElement($"{path}[{i}]", expected);
            }
        }

        return null;
    }

    private static string? NullValue(IDictionary<string, string> map) =>
        map.FirstOrDefault(entry => entry.Value is null).Key;
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
