using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Pods;
using PodIdentity.Core.Tests.Support;

namespace PodIdentity.Core.Tests.Admission;

/// <summary>
/// The webhook decodes a review straight into the <see cref="Pod"/> mutation reads (see AdmissionReviewReader).
/// For every golden fixture, compact and indented, and for random pods, that pod must be the one
/// <see cref="FullModel.Pod"/> reads from the full model: the decoder reads every field mutation needs.
/// </summary>
public sealed class DecodedPodEquivalenceTests
{
    public static IEnumerable<object[]> Fixtures =>
        Directory.EnumerateDirectories(GoldenCase.Root).SelectMany(dir => GoldenCase.In(Path.GetFileName(dir)));

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decoding_a_fixture_gives_the_pod_read_from_the_full_model(string file)
    {
        var golden = GoldenCase.Load(file);
        var json = ReviewJson(golden);
        var indented = JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var expected = ReviewText.Describe(FullModel.Pod(golden.Pod));

        foreach (var body in new[] { json, indented })
        {
            var request = AdmissionCodec.Decode(Encoding.UTF8.GetBytes(body))!.Request!;
            Assert.Null(request.ObjectProblem);
            Assert.Equal(expected, ReviewText.Describe(request.Object!));
        }
    }

    [Fact]
    public void Random_pods_decode_to_the_pod_read_from_the_full_model()
    {
        var random = new Random(16);
        for (var i = 0; i < 300; i++)
        {
            var pod = RandomPods.Pod(random);
            var json = Review(JsonNode.Parse(KubernetesJson.Serialize(pod)), "team-a");

            var request = AdmissionCodec.Decode(Encoding.UTF8.GetBytes(json))!.Request!;

            Assert.Null(request.ObjectProblem);
            Assert.Equal(ReviewText.Describe(FullModel.Pod(pod)), ReviewText.Describe(request.Object!));
        }
    }

    [Fact]
    public void Only_labels_a_provider_reads_are_kept()
    {
        var labelled = GoldenCase.Load(Path.Combine("azure", "06-label-false.yaml"));
        var unlabelled = GoldenCase.Load(Path.Combine("azure", "05-pod-not-labelled.yaml"));
        unlabelled.Pod.Metadata.Labels = new Dictionary<string, string> { ["app"] = "web", ["team"] = "a" };

        var kept = AdmissionCodec.Decode(Encoding.UTF8.GetBytes(ReviewJson(labelled)))!.Request!.Object!.Labels;
        var none = AdmissionCodec.Decode(Encoding.UTF8.GetBytes(ReviewJson(unlabelled)))!.Request!.Object!.Labels;

        Assert.Equal(2, labelled.Pod.Metadata.Labels.Count);
        Assert.Equal(new Dictionary<string, string> { ["azure.workload.identity/use"] = "false" }, kept);
        Assert.NotNull(none);
        Assert.Empty(none);
    }

    /// <summary>An AdmissionReview as the API server sends it, with the fixture's pod in full.</summary>
    internal static string ReviewJson(GoldenCase golden) => Review(JsonNode.Parse(KubernetesJson.Serialize(golden.Pod)), golden.Namespace);

    private static string Review(JsonNode? pod, string @namespace) => new JsonObject
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = "u-1",
            ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
            ["namespace"] = @namespace,
            ["operation"] = "CREATE",
            ["object"] = pod,
        },
    }.ToJsonString();
}
