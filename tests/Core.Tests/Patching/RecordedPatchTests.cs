using System.Text;
using k8s.Models;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Pods;
using PodIdentity.Core.Tests.Support;

namespace PodIdentity.Core.Tests.Patching;

/// <summary>
/// The patch bytes of every golden fixture and of a few large pods, as they were written when every
/// operation's value went through JsonSerializer on its own. The writer may change how it writes
/// the patch, never a byte of it. To re-record after an intended change of output, run these tests
/// with PODIDENTITY_RECORD_PATCHES set to the path of recorded-patches.txt in the source tree.
/// </summary>
public sealed class RecordedPatchTests
{
    private static readonly Lazy<Dictionary<string, string>> Recorded = new(Load);

    public static IEnumerable<object[]> Cases =>
        Directory.EnumerateDirectories(GoldenCase.Root).Order(StringComparer.Ordinal)
            .SelectMany(dir => GoldenCase.In(Path.GetFileName(dir)))
            .Concat(LargePods.Names.Select(name => new object[] { name }));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Patch_bytes_are_the_recorded_ones(string name)
    {
        var patch = PatchOf(name);

        if (Environment.GetEnvironmentVariable("PODIDENTITY_RECORD_PATCHES") is { Length: > 0 } path)
        {
            Record(path, name, patch);
            return;
        }

        Assert.True(Recorded.Value.TryGetValue(name, out var expected), $"no recorded patch for {name}");
        Assert.Equal(expected, patch);
    }

    private static string PatchOf(string name)
    {
        byte[]? patch;
        if (LargePods.Names.Contains(name))
        {
            var (config, pod, account) = LargePods.Case(name);
            var request = AdmissionCodec.DecodeCreate(pod, "team-a", "u");
            patch = TestMutator.Reviewer(config).Review(request, account).Response!.Patch;
        }
        else
        {
            var golden = GoldenCase.Load(name);
            var request = AdmissionCodec.DecodeCreate(golden.Pod, golden.Namespace, "u");
            patch = TestMutator.Reviewer(golden.Config).Review(request, golden.ServiceAccount).Response!.Patch;
        }

        return patch is null ? "(none)" : Encoding.UTF8.GetString(patch);
    }

    // One line per case: name, a tab, the patch. JSON without indentation has no raw tab or newline.
    private static Dictionary<string, string> Load() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Patching", "recorded-patches.txt"))
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t', 2))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);

    private static readonly Lock RecordLock = new();

    private static void Record(string path, string name, string patch)
    {
        lock (RecordLock)
        {
            var lines = File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith(name + "\t", StringComparison.Ordinal)).ToList() : [];
            lines.Add($"{name}\t{patch}");
            lines.Sort(StringComparer.Ordinal);
            File.WriteAllLines(path, lines);
        }
    }
}

/// <summary>Pods beyond the fixtures: more than 32 containers of each kind (paths built on demand), patches above the writer's first 4 KiB.</summary>
internal static class LargePods
{
    public static readonly string[] Names = ["large/aws-40-containers-40-init", "large/aws-and-coreweave-35-containers", "large/gcp-gcloud-34-containers"];

    private const string RoleArn = "arn:aws:iam::111122223333:role/app";

    public static (IReadOnlyDictionary<string, string?> Config, V1Pod Pod, V1ServiceAccount Account) Case(string name) => name switch
    {
        "large/aws-40-containers-40-init" => (
            new Dictionary<string, string?> { ["Aws:Region"] = "us-west-2", ["Aws:StsRegionalEndpoints"] = "true" },
            Pod(40, 40),
            Account(new() { ["eks.amazonaws.com/role-arn"] = RoleArn })),
        "large/aws-and-coreweave-35-containers" => (
            new Dictionary<string, string?>
            {
                ["CoreWeave:OrgId"] = "cw1234",
                ["CoreWeave:Region"] = "US-EAST-04A",
                ["CoreWeave:AwsConfigMap"] = "caios-aws-config",

                // Characters the default encoder escapes, in a value that is written into every container.
                ["CoreWeave:S3Endpoint"] = "https://s3.example.com/b?x=1&y='<é>'+\"",
            },
            Pod(35, 2),
            Account(new() { ["eks.amazonaws.com/role-arn"] = RoleArn, ["caios.coreweave.com/inject"] = "true" })),
        "large/gcp-gcloud-34-containers" => (
            new Dictionary<string, string?>(),
            Pod(34, 0),
            Account(new()
            {
                ["cloud.google.com/workload-identity-provider"] = "projects/123456789012/locations/global/workloadIdentityPools/pool/providers/provider",
                ["cloud.google.com/service-account-email"] = "app@project.iam.gserviceaccount.com",
                ["cloud.google.com/injection-mode"] = "gcloud",
            })),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>Every third container already has env and mounts, so both "create" and "append" paths occur past index 32.</summary>
    private static V1Pod Pod(int containers, int initContainers) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = "big", NamespaceProperty = "team-a" },
        Spec = new V1PodSpec
        {
            ServiceAccountName = "app",
            Containers = [.. Enumerable.Range(0, containers).Select(i => Container($"c{i}", i))],
            InitContainers = initContainers == 0 ? null : [.. Enumerable.Range(0, initContainers).Select(i => Container($"init{i}", i + 1))],
        },
    };

    private static V1Container Container(string name, int i) => new()
    {
        Name = name,
        Image = "registry.example.com/app:1",
        Env = i % 3 == 0 ? [new V1EnvVar { Name = "MODE", Value = $"m{i}" }] : null,
        VolumeMounts = i % 3 == 0 ? [new V1VolumeMount { Name = "data", MountPath = "/data" }] : null,
    };

    private static V1ServiceAccount Account(Dictionary<string, string> annotations) =>
        new() { Metadata = new V1ObjectMeta { Name = "app", NamespaceProperty = "team-a", Annotations = annotations } };
}
