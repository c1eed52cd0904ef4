using System.Buffers;
using BenchmarkDotNet.Attributes;
using k8s.Models;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Patching;
using PodIdentity.Core.Pods;
using PodIdentity.Core.Providers;
using PodIdentity.Core.Providers.Aws;

namespace PodIdentity.Benchmarks;

/// <summary>
/// The decoder's <see cref="System.Text.Json.Utf8JsonReader"/> pass into <see cref="Pod"/> with the container-skipping
/// scan (baseline) and without it (<see cref="System.Text.Json.Utf8JsonReader.Skip"/>), decode alone and decode + review
/// (plan, patch, encode): the scan stays only while it pays there (docs/perf.md). The comparison with the decoder before
/// issue 16 (own cursor) was made at commit 5d9a620, which still has it under Before/.
/// </summary>
[MemoryDiagnoser]
public class DecoderBenchmarks
{
    private readonly ArrayBufferWriter<byte> output = new(16 * 1024);
    private byte[] request = [];
    private PodMutator mutator = null!;
    private PreparedServiceAccount account = null!;

    [ParamsSource(nameof(Samples))]
    public string Sample { get; set; } = "";

    public static IEnumerable<string> Samples => ["3-containers", "api-server-compact"];

    [GlobalSetup]
    public void Setup()
    {
        request = SampleReview.Body(Sample);
        IIdentityProvider[] providers = [new AwsIrsaProvider(new AwsIrsaOptions { Region = "us-west-2" })];
        mutator = new PodMutator(providers, new MutationOptions());
        account = mutator.Prepare("team-a", "app", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:role/app" });
        if (ReviewNew() < 100 || ReviewNewNoScan() != ReviewNew())
        {
            throw new InvalidOperationException("the decoders do not give the same response");
        }
    }

    [Benchmark(Baseline = true, Description = "decode, skips scanned")]
    public object? DecodeNew() => AdmissionCodec.Decode(request);

    [Benchmark(Description = "decode, Utf8JsonReader.Skip")]
    public object? DecodeNewNoScan() => AdmissionReviewReader.Read(request, scanSkips: false);

    [Benchmark(Description = "decode + review, skips scanned")]
    public int ReviewNew()
    {
        var admission = AdmissionCodec.Decode(request)!.Request!;
        return Respond(admission);
    }

    [Benchmark(Description = "decode + review, Utf8JsonReader.Skip")]
    public int ReviewNewNoScan()
    {
        var admission = AdmissionReviewReader.Read(request, scanSkips: false)!.Request!;
        return Respond(admission);
    }

    /// <summary>What AdmissionReviewer does with a mutated pod: plan, patch bytes, encode the response.</summary>
    private int Respond(AdmissionRequest admission)
    {
        var result = mutator.Mutate(admission.Namespace!, admission.Object!, account);
        var response = new AdmissionResponse { Uid = admission.Uid, Allowed = true, Patch = JsonPatchWriter.ToUtf8(result.Patch), PatchType = AdmissionReviewer.JsonPatchType };
        output.ResetWrittenCount();
        AdmissionCodec.Encode(output, response);
        return output.WrittenCount;
    }
}
