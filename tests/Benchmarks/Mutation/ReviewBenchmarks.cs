using System.Buffers;
using System.Text.Json;
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
/// One admission review, as the webhook runs it: decode, look up the ServiceAccount (a dictionary,
/// like the cache), plan, patch, encode. The baseline decodes and encodes an allowed response with
/// no mutation, so the ratio is what mutation adds. Each body of <see cref="SampleReview.Names"/> is
/// a case of its own, with its own baseline.
/// </summary>
[MemoryDiagnoser]
public class ReviewBenchmarks
{
    private readonly ArrayBufferWriter<byte> output = new(16 * 1024);
    private byte[] request = [];
    private Dictionary<(string, string), PreparedServiceAccount> accounts = [];
    private AdmissionReviewer reviewer = null!;
    private PreparedServiceAccount serviceAccount = null!;
    private AdmissionRequest decoded = null!;
    private AdmissionRequest decodedWithInit = null!;
    private PodMutator mutator = null!;
    private IReadOnlyList<PatchOperation> operationsWithInit = [];

    [ParamsSource(nameof(Samples))]
    public string Sample { get; set; } = "";

    public static IEnumerable<string> Samples => SampleReview.Names;

    [GlobalSetup]
    public void Setup()
    {
        request = SampleReview.Body(Sample);
        IIdentityProvider[] providers = [new AwsIrsaProvider(new AwsIrsaOptions { Region = "us-west-2" })];
        mutator = new PodMutator(providers, new MutationOptions());

        // Prepared once, as the cache prepares a ServiceAccount when the watch delivers it.
        accounts = new()
        {
            [("team-a", "app")] = mutator.Prepare(Account("team-a", "app")),
            [("demo", "s3-reader")] = mutator.Prepare(Account("demo", "s3-reader")),
        };
        reviewer = new AdmissionReviewer(mutator);
        if (Review() < 100)
        {
            throw new InvalidOperationException("the sample review produced no patch");
        }

        // Review never changes the request, so one decoded copy serves every call.
        decoded = AdmissionCodec.Decode(request)!.Request!;
        serviceAccount = accounts[(decoded.Namespace!, decoded.Object!.ServiceAccount)];
        decodedWithInit = AdmissionCodec.Decode(request)!.Request!;
        decodedWithInit.Object = decodedWithInit.Object! with { InitContainers = [new Container("migrate")] };
        if (MutateAndPatchWithInit() < 100)
        {
            throw new InvalidOperationException("the sample review with an init container produced no patch");
        }

        operationsWithInit = mutator.Mutate(decodedWithInit.Namespace!, decodedWithInit.Object!, serviceAccount).Patch;
    }

    private static V1ServiceAccount Account(string ns, string name) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            Annotations = new Dictionary<string, string>
            {
                ["eks.amazonaws.com/role-arn"] = $"arn:aws:iam::111122223333:role/{name}",
                ["eks.amazonaws.com/sts-regional-endpoints"] = "true",
            },
        },
    };

    [Benchmark(Baseline = true, Description = "decode + encode, no mutation")]
    public int DecodeEncode()
    {
        var review = AdmissionCodec.Decode(request)!;
        output.ResetWrittenCount();
        AdmissionCodec.Encode(output, new AdmissionResponse { Uid = review.Request!.Uid, Allowed = true });
        return output.WrittenCount;
    }

    /// <summary>One Utf8JsonReader pass over the body, nothing kept: what decoding cannot go below.</summary>
    [Benchmark(Description = "Utf8JsonReader pass only (decode floor)")]
    public int ReadTokens()
    {
        var reader = new Utf8JsonReader(request);
        var n = 0;
        while (reader.Read())
        {
            n++;
        }

        return n;
    }

    [Benchmark(Description = "decode only")]
    public AdmissionReview? DecodeOnly() => AdmissionCodec.Decode(request);

    [Benchmark(Description = "decode + plan + patch + encode")]
    public int Review() => Review(AdmissionCodec.Decode(request)!);

    private int Review(AdmissionReview review)
    {
        var admission = review.Request!;
        var pod = admission.Object!;
        accounts.TryGetValue((admission.Namespace!, pod.ServiceAccount), out var account);
        var response = reviewer.Review(admission, account).Response!;
        output.ResetWrittenCount();
        AdmissionCodec.Encode(output, response);
        return output.WrittenCount;
    }

    /// <summary>What mutation costs on its own: plan, patch operations and patch bytes, for an already decoded request.</summary>
    [Benchmark(Description = "plan + patch (decoded request)")]
    public int MutateAndPatch() => reviewer.Review(decoded, serviceAccount).Response!.Patch!.Length;

    /// <summary>The shape of the load test's pod: the sample's containers and 1 init container.</summary>
    [Benchmark(Description = "plan + patch, + 1 init container (decoded)")]
    public int MutateAndPatchWithInit() => reviewer.Review(decodedWithInit, serviceAccount).Response!.Patch!.Length;

    /// <summary>The two halves of the line above: the merge step (plans and patch operations)…</summary>
    [Benchmark(Description = "plan + operations only, + 1 init")]
    public int MutateOnlyWithInit() => mutator.Mutate(decodedWithInit.Namespace!, decodedWithInit.Object!, serviceAccount).Patch.Count;

    /// <summary>…and writing those operations as JSON Patch bytes.</summary>
    [Benchmark(Description = "patch bytes only, + 1 init")]
    public int PatchBytesOnlyWithInit() => JsonPatchWriter.ToUtf8(operationsWithInit).Length;
}
