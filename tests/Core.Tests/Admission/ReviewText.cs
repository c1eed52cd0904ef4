using System.Text;
using System.Text.Json;
using k8s.Models;
using PodIdentity.Core.Admission;

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
            .Append($"sub={S(request.SubResource)} name={S(request.Name)} ns={S(request.Namespace)} op={S(request.Operation)} dryRun={request.DryRun?.ToString() ?? "null"}\n");
        if (request.Object is not { } pod)
        {
            return text.Append("object null").ToString();
        }

        var metadata = pod.Metadata;
        text.Append(metadata is null ? "metadata null\n"
            : $"metadata name={S(metadata.Name)} generateName={S(metadata.GenerateName)} ns={S(metadata.NamespaceProperty)} annotations={Map(metadata.Annotations)}\n");
        var spec = pod.Spec;
        if (spec is null)
        {
            return text.Append("spec null").ToString();
        }

        text.Append($"spec sa={S(spec.ServiceAccountName)} nodeSelector={Map(spec.NodeSelector)}\n")
            .Append($"containers={Containers(spec.Containers)}\ninit={Containers(spec.InitContainers)}\n")
            .Append($"volumes={List(spec.Volumes, v => S(v.Name))}");
        return text.ToString();
    }

    private static string Containers(IList<V1Container>? containers) => List(containers, c =>
        $"{{name={S(c.Name)} env={List(c.Env, e => $"{S(e.Name)}={S(e.Value)}")} mounts={List(c.VolumeMounts, m => $"{S(m.Name)}@{S(m.MountPath)}")}}}");

    private static string List<T>(IList<T>? items, Func<T, string> describe)
        where T : class =>
        items is null ? "null" : "[" + string.Join(", ", items.Select(i => i is null ? "null" : describe(i))) + "]";

    private static string Map(IDictionary<string, string>? map) =>
        map is null ? "null" : "{" + string.Join(", ", map.Select(kv => $"{S(kv.Key)}:{S(kv.Value)}")) + "}";

    private static string S(string? value) => value is null ? "null" : JsonSerializer.Serialize(value, CoreJsonContext.Default.String);
}
