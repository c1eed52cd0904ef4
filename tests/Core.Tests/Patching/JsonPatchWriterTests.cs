using System.Text;
using System.Text.Json;
using k8s.Models;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Patching;
using PodIdentity.Core.Pods;
using PodIdentity.Core.Providers;
using PodIdentity.Core.Serialization;
using PodIdentity.Core.Tests.Support;
using PodIdentity.Core.Validation;

namespace PodIdentity.Core.Tests.Patching;

/// <summary>
/// Values are encoded once (when a provider or a ServiceAccount is prepared) and the writer only copies bytes:
/// the bytes must be those of the serializer writing every operation and value on its own.
/// </summary>
public sealed class JsonPatchWriterTests
{
    // Characters the default encoder escapes (quote, backslash, HTML-sensitive, non-ASCII, controls, a surrogate pair).
    public static TheoryData<string> SpecialValues => new()
    {
        "plain",
        "quote \" and backslash \\",
        "<script>&'+`",
        "é ü ß 日本",
        "line\nbreak\ttab\u0001",
        "emoji 😀",
        "",
    };

    [Fact]
    public void The_same_value_in_many_operations_is_written_as_serializing_each()
    {
        var variable = PatchValue.Env("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/app");
        var mount = PatchValue.Mount(ProjectedToken.Mount("aws-iam-token", "/var/run/secrets/eks.amazonaws.com/serviceaccount"));
        PatchOperation[] operations =
        [
            new(PatchPaths.Env(false, 0, append: false), variable.Json, CreatesArray: true),
            new(PatchPaths.VolumeMounts(false, 0, append: true), mount.Json),
            new(PatchPaths.Env(false, 1, append: true), variable.Json),
            new(PatchPaths.VolumeMounts(false, 1, append: false), mount.Json, CreatesArray: true),
            new(PatchPaths.Env(true, 2, append: false), variable.Json, CreatesArray: true),
        ];

        AssertWrittenAsReference(operations);
    }

    [Fact]
    public void An_empty_patch_is_an_empty_array() => Assert.Equal("[]", Encoding.UTF8.GetString(JsonPatchWriter.ToUtf8([])));

    [Fact]
    public void Large_values_in_many_operations_are_all_written()
    {
        var big = PatchValue.Env("BIG", new string('x', 3000));
        var small = PatchValue.Env("SMALL", "s");
        var operations = Enumerable.Range(0, 50)
            .SelectMany(i => new PatchOperation[] { new(PatchPaths.Env(false, i, true), big.Json), new(PatchPaths.Env(false, i, true), small.Json) })
            .ToArray();

        AssertWrittenAsReference(operations);
    }

    [Theory]
    [MemberData(nameof(SpecialValues))]
    public void Values_encoded_ahead_are_the_serializers_bytes(string value)
    {
        var variable = PatchValue.Env("NAME", value);
        var mount = ProjectedToken.Mount("m", "/p/" + value);
        var volume = ProjectedToken.Volume("v", value, 3600, "token");
        var container = new V1Container { Name = "c" + value, Image = value, VolumeMounts = [mount] };

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(new V1EnvVar { Name = "NAME", Value = value }, CoreJsonContext.Default.V1EnvVar), variable.Json);
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(mount, CoreJsonContext.Default.V1VolumeMount), PatchValue.Mount(mount).Json);
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(volume, CoreJsonContext.Default.V1Volume), PatchValue.Volume(volume).Json);
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(container, CoreJsonContext.Default.V1Container), PatchValue.Container(container).Json);
        Assert.Equal(["m"], PatchValue.Container(container).MountedVolumes);

        var annotation = PatchValue.Annotation("a/" + value, value);
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(value, CoreJsonContext.Default.String), annotation.ValueJson);
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["a/" + value] = value }, CoreJsonContext.Default.DictionaryStringString), annotation.MapJson);
        Assert.Equal("/metadata/annotations/a~1" + value.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal), annotation.Path.Text);
        AssertWrittenAsReference([new(PatchPaths.Env(false, 0, false), variable.Json, CreatesArray: true), new(annotation.Path, annotation.ValueJson)]);
    }

    [Theory]
    [MemberData(nameof(SpecialValues))]
    public void Paths_are_escaped_as_the_serializer_escapes_them(string key)
    {
        var value = PatchValue.Env("X", "1");

        AssertWrittenAsReference(
        [
            new(PatchPath.Of($"/metadata/annotations/{JsonPointer.Escape(key)}"), JsonSerializer.SerializeToUtf8Bytes(key, CoreJsonContext.Default.String)),
            new(PatchPaths.Env(false, 40, true), value.Json),
            new(PatchPath.Of("/spec/initContainers/" + key), value.Json),
        ]);
    }

    [Fact]
    public void Operation_starts_hold_the_serializers_path_strings()
    {
        foreach (var init in new[] { false, true })
        {
            foreach (var index in new[] { 0, 1, 31, 32, 100 })
            {
                foreach (var append in new[] { false, true })
                {
                    AssertEncodedAsSerializer(PatchPaths.Env(init, index, append));
                    AssertEncodedAsSerializer(PatchPaths.VolumeMounts(init, index, append));
                    Assert.Equal($"/spec/{(init ? "initContainers" : "containers")}/{index}/env{(append ? "/-" : "")}", PatchPaths.Env(init, index, append).Text);
                    Assert.Equal($"/spec/{(init ? "initContainers" : "containers")}/{index}/volumeMounts{(append ? "/-" : "")}", PatchPaths.VolumeMounts(init, index, append).Text);
                }
            }
        }

        AssertEncodedAsSerializer(PatchPaths.Volumes);
        AssertEncodedAsSerializer(PatchPaths.AppendVolume);
        AssertEncodedAsSerializer(PatchPaths.Annotations);
        AssertEncodedAsSerializer(PatchPaths.InitContainers);
    }

    [Fact]
    public void A_value_shared_by_two_plans_is_added_once_per_container_and_written_as_the_serializer_writes_it()
    {
        var shared = PatchValue.Env("AWS_REGION", "us-east-1 \"<é>\"");
        var mount = PatchValue.Mount(ProjectedToken.Mount("token", "/var/run/secrets/token"));
        var first = new InjectionPlan("a", "a/x") { Env = [new EnvGroup(shared), EnvGroup.Of("A", "1")], Mounts = [mount] };
        var second = new InjectionPlan("b", "b/x") { Env = [EnvGroup.Of("B", "2"), new EnvGroup(shared)], Mounts = [mount] };

        var result = Mutate([first, second]);
        var patch = Encoding.UTF8.GetString(JsonPatchWriter.ToUtf8(result.Patch));

        Assert.Equal(ReferencePatch.Write(result.Patch), patch);
        Assert.Equal(4, result.Patch.Count(op => ReferenceEquals(op.Value, shared.Json)));
        Assert.Equal(4, result.Patch.Count(op => ReferenceEquals(op.Value, mount.Json)));
    }

    private static MutationResult Mutate(InjectionPlan[] plans)
    {
        var pod = new Pod
        {
            Name = "web",
            Namespace = "team-a",
            Containers =
            [
                new Container("bare"),
                new Container("with-env") { Env = [new EnvVar("MINE", "1")], VolumeMounts = [new VolumeMount("data", "/data")] },
                new Container("sets-region") { Env = [new EnvVar("REGION", "mine")] },
            ],
            InitContainers = [new Container("init")],
        };
        var mutator = new PodMutator(plans.Select((plan, i) => (IIdentityProvider)new PlanProvider($"p{i}", plan)), new MutationOptions());
        var result = mutator.Mutate("team-a", pod, mutator.Prepare("team-a", "app", null));
        Assert.Equal(MutationOutcome.Mutated, result.Outcome);
        return result;
    }

    private static void AssertEncodedAsSerializer(PatchPath path)
    {
        var pathJson = JsonSerializer.Serialize(path.Text, CoreJsonContext.Default.String);
        Assert.Equal($$"""{"op":"add","path":{{pathJson}},"value":""", Encoding.UTF8.GetString(path.OperationStart));
    }

    private static void AssertWrittenAsReference(PatchOperation[] operations) =>
        Assert.Equal(ReferencePatch.Write(operations), Encoding.UTF8.GetString(JsonPatchWriter.ToUtf8(operations)));

    private sealed class PlanProvider(string name, InjectionPlan plan) : IIdentityProvider
    {
        public string Name => name;

        public bool ReadsServiceAccountAnnotation(string key) => false;

        public PreparedIdentity Prepare(ServiceAccountAnnotations serviceAccount) => PreparedIdentity.Of(name, _ => ProviderResult.Inject(plan));
    }
}
