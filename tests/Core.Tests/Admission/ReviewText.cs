using System.Text;
using System.Text.Json;
using PodIdentity.Core.Serialization;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Pods;

namespace PodIdentity.Core.Tests.Admission;

/// <summary>Every field the decoder reads, as text: two decoded reviews are the same when their texts are.</summary>
internal static class ReviewText
{
    public static string Describe(AdmissionReview? review)
    {
        if (review is null)
        {
            return "null";
        }

        var text = new StringBuilder();
        text.Append($"review {S(review.ApiVersion)} {S(review.Kind)}\n");
        if (review.Request is not { } request)
        {
            return text.Append("request null").ToString();
        }

        var kind = request.Kind is { } k ? $"{S(k.Group)}/{S(k.Version)}/{S(k.Kind)}" : "null";
        var resource = request.Resource is { } r ? $"{S(r.Group)}/{S(r.Version)}/{S(r.Resource)}" : "null";
        text.Append($"request uid={S(request.Uid)} kind={kind} resource={resource} ")
            .Append($"sub={S(request.SubResource)} name={S(request.Name)} ns={S(request.Namespace)} op={S(request.Operation)} dryRun={request.DryRun?.ToString() ?? "null"}\n")
            .Append($"problem={S(request.ObjectProblem)}\n");
        return request.Object is { } pod ? text.Append(Describe(pod)).ToString() : text.Append("object null").ToString();
    }

    public static string Describe(Pod pod) =>
        $"metadata name={S(pod.Name)} generateName={S(pod.GenerateName)} ns={S(pod.Namespace)} annotations={Map(pod.Annotations)} labels={Map(pod.Labels)}\n" +
        $"spec sa={S(pod.ServiceAccountName)} nodeSelector={Map(pod.NodeSelector)}\n" +
        $"containers={Containers(pod.Containers)}\ninit={Containers(pod.InitContainers)}\n" +
        $"volumes={List(pod.Volumes, S)}";

    private static string Containers(IReadOnlyList<Container>? containers) => List(containers, c =>
        $"{{name={S(c.Name)} env={List(c.Env, e => $"{S(e.Name)}={S(e.Value)}")} mounts={List(c.VolumeMounts, m => $"{S(m.Name)}@{S(m.MountPath)}")}}}");

    private static string List<T>(IReadOnlyList<T>? items, Func<T, string> describe) =>
        items is null ? "null" : "[" + string.Join(", ", items.Select(describe)) + "]";

    private static string Map(IReadOnlyDictionary<string, string>? map) =>
        map is null ? "null" : "{" + string.Join(", ", map.Select(kv => $"{S(kv.Key)}:{S(kv.Value)}")) + "}";

    private static string S(string? value) => value is null ? "null" : JsonSerializer.Serialize(value, CoreJsonContext.Default.String);
}
