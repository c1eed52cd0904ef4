using System.Text;
using System.Text.Json.Nodes;
using k8s;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Tests.Support;

namespace PodIdentity.Core.Tests.Admission;

/// <summary>
/// The webhook decodes pods partially (see AdmissionReviewReader). For every golden fixture,
/// the response from the partially decoded pod must equal, byte for byte, the one from the full model.
/// </summary>
public sealed class DecodedPodEquivalenceTests
{
    public static IEnumerable<object[]> Fixtures =>
        Directory.EnumerateDirectories(GoldenCase.Root).SelectMany(dir => GoldenCase.In(Path.GetFileName(dir)));

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Partial_decode_gives_the_same_response(string file)
    {
        var golden = GoldenCase.Load(file);
        var reviewer = TestMutator.Reviewer(golden.Config);
        var full = new AdmissionRequest { Uid = "u-1", Namespace = golden.Namespace, Operation = "CREATE", Object = golden.Pod };

        var decoded = AdmissionCodec.Decode(Encoding.UTF8.GetBytes(ReviewJson(golden)))!.Request!;

        var expected = AdmissionCodec.Encode(reviewer.Review(full, golden.ServiceAccount).Response);
        var actual = AdmissionCodec.Encode(reviewer.Review(decoded, golden.ServiceAccount).Response);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
    }

    [Fact]
    public void Skipped_subtrees_are_really_skipped_and_read_fields_kept()
    {
        var golden = GoldenCase.Load(Path.Combine("aws", "17-grpc-probe-seccomp-untouched.yaml"));

        var pod = AdmissionCodec.Decode(Encoding.UTF8.GetBytes(ReviewJson(golden)))!.Request!.Object!;

        Assert.Null(pod.Spec.Containers[0].LivenessProbe);
        Assert.Null(pod.Spec.Containers[0].Resources);
        Assert.Null(pod.Spec.SecurityContext);
        Assert.Equal("web", pod.Spec.Containers[0].Name);
        Assert.Equal("app", pod.Spec.ServiceAccountName);
    }

    [Fact]
    public void Only_labels_a_provider_reads_are_kept()
    {
        var labelled = GoldenCase.Load(Path.Combine("azure", "06-label-false.yaml"));
        var unlabelled = GoldenCase.Load(Path.Combine("azure", "05-pod-not-labelled.yaml"));
        unlabelled.Pod.Metadata.Labels = new Dictionary<string, string> { ["app"] = "web", ["team"] = "a" };

        var kept = AdmissionCodec.Decode(Encoding.UTF8.GetBytes(ReviewJson(labelled)))!.Request!.Object!.Metadata.Labels;
        var none = AdmissionCodec.Decode(Encoding.UTF8.GetBytes(ReviewJson(unlabelled)))!.Request!.Object!.Metadata.Labels;

        Assert.Equal(2, labelled.Pod.Metadata.Labels.Count);
        Assert.Equal(new Dictionary<string, string> { ["azure.workload.identity/use"] = "false" }, kept);
        Assert.Null(none);
    }

    /// <summary>An AdmissionReview as the API server sends it, with the fixture's pod in full.</summary>
    internal static string ReviewJson(GoldenCase golden) => new JsonObject
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = "u-1",
            ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
            ["namespace"] = golden.Namespace,
            ["operation"] = "CREATE",
            ["object"] = JsonNode.Parse(KubernetesJson.Serialize(golden.Pod)),
        },
    }.ToJsonString();
}
