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
/// Issue 16's decoder against the one before it, in the same run: today's <see cref="System.Text.Json.Utf8JsonReader"/>
/// pass into <see cref="Pod"/> (baseline), with and without the container-skipping scan, vs main's generic reader into a
/// partial V1Pod (<see cref="Before"/>) with its own cursor over the scan, and with the reader's cursor. Decode alone, and
/// decode + review (plan, patch, encode) with the same mutation for all: the scan stays only while it pays there.
/// </summary>
[MemoryDiagnoser]
public class DecoderBenchmarks
{
    private readonly ArrayBufferWriter<byte> output = new(16 * 1024);
    private byte[] request = [];
    private PodMutator mutator = null!;
    private V1ServiceAccount account = null!;

    [ParamsSource(nameof(Samples))]
    public string Sample { get; set; } = "";

    public static IEnumerable<string> Samples => ["3-containers", "api-server-compact"];

    [GlobalSetup]
    public void Setup()
    {
        request = SampleReview.Body(Sample);
        IIdentityProvider[] providers = [new AwsIrsaProvider(new AwsIrsaOptions { Region = "us-west-2" })];
        mutator = new PodMutator(providers, new MutationOptions());
        account = new V1ServiceAccount
        {
            Metadata = new V1ObjectMeta
            {
                Name = "app",
                NamespaceProperty = "team-a",
                Annotations = new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:role/app" },
            },
        };
        if (ReviewNew() < 100 || ReviewBeforeScan() != ReviewNew() || ReviewBeforeReader() != ReviewNew() || ReviewNewNoScan() != ReviewNew())
        {
            throw new InvalidOperationException("the decoders do not give the same response");
        }
    }

    [Benchmark(Baseline = true, Description = "decode: Utf8JsonReader + scanned skips into Pod (new)")]
    public object? DecodeNew() => AdmissionCodec.Decode(request);

    [Benchmark(Description = "decode: Utf8JsonReader.Skip into Pod (new, no scan)")]
    public object? DecodeNewNoScan() => AdmissionReviewReader.Read(request, scanSkips: false);

    [Benchmark(Description = "decode: own cursor + scan into V1Pod (before)")]
    public object? DecodeBeforeScan() => Before.AdmissionReviewReader.ReadFast(request);

    [Benchmark(Description = "decode: Utf8JsonReader cursor into V1Pod (before, exact path)")]
    public object? DecodeBeforeReader() => Before.AdmissionReviewReader.ReadExact(request);

    [Benchmark(Description = "decode + review: new")]
    public int ReviewNew()
    {
        var admission = AdmissionCodec.Decode(request)!.Request!;
        return Respond(admission.Uid, new InjectionContext(admission.Namespace!, PodModel.ToV1Pod(admission.Object!), account));
    }

    [Benchmark(Description = "decode + review: new, no scan")]
    public int ReviewNewNoScan()
    {
        var admission = AdmissionReviewReader.Read(request, scanSkips: false)!.Request!;
        return Respond(admission.Uid, new InjectionContext(admission.Namespace!, PodModel.ToV1Pod(admission.Object!), account));
    }

    [Benchmark(Description = "decode + review: own cursor + scan (before)")]
    public int ReviewBeforeScan()
    {
        var admission = Before.AdmissionReviewReader.ReadFast(request)!.Request!;
        return Respond(admission.Uid, new InjectionContext(admission.Namespace!, admission.Object!, account));
    }

    [Benchmark(Description = "decode + review: Utf8JsonReader cursor (before)")]
    public int ReviewBeforeReader()
    {
        var admission = Before.AdmissionReviewReader.ReadExact(request)!.Request!;
        return Respond(admission.Uid, new InjectionContext(admission.Namespace!, admission.Object!, account));
    }

    /// <summary>What AdmissionReviewer does with a mutated pod: plan, patch bytes, encode the response.</summary>
    private int Respond(string uid, InjectionContext context)
    {
        var result = mutator.Mutate(context);
        var response = new AdmissionResponse { Uid = uid, Allowed = true, Patch = JsonPatchWriter.ToUtf8(result.Patch), PatchType = AdmissionReviewer.JsonPatchType };
        output.ResetWrittenCount();
        AdmissionCodec.Encode(output, response);
        return output.WrittenCount;
    }
}
