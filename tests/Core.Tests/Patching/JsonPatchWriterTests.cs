using System.Text;
using System.Text.Json;
using k8s.Models;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Patching;
using PodIdentity.Core.Providers;

namespace PodIdentity.Core.Tests.Patching;

/// <summary>
/// The writer serializes each distinct value once per patch and copies the bytes of values encoded
/// ahead: whatever it reuses, the bytes must be those of serializing every value on its own.
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
    public void The_same_value_object_in_many_operations_is_written_as_serializing_each()
    {
        var variable = Env.Var("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/app");
        var mount = ProjectedToken.Mount("aws-iam-token", "/var/run/secrets/eks.amazonaws.com/serviceaccount");
        PatchOperation[] operations =
        [
            EnvOp("/spec/containers/0/env", variable, createsArray: true),
            MountOp("/spec/containers/0/volumeMounts/-", mount),
            EnvOp("/spec/containers/1/env/-", variable),
            MountOp("/spec/containers/1/volumeMounts", mount, createsArray: true),
            EnvOp("/spec/containers/2/env", variable, createsArray: true),
        ];

        AssertWrittenAsReference(operations);
    }

    [Fact]
    public void Distinct_objects_that_serialize_alike_or_differently_are_each_written_as_themselves()
    {
        var first = Env.Var("X", "1");
        var alike = Env.Var("X", "1");
        var other = Env.Var("X", "2");
        PatchOperation[] operations =
        [
            EnvOp("/spec/containers/0/env", first, createsArray: true),
            EnvOp("/spec/containers/0/env/-", alike),
            EnvOp("/spec/containers/0/env/-", other),
            EnvOp("/spec/containers/1/env/-", other),
            EnvOp("/spec/containers/1/env/-", first),
            EnvOp("/spec/containers/1/env/-", alike),
        ];

        var patch = AssertWrittenAsReference(operations);

        Assert.Equal(2, CountOf(patch, """{"name":"X","value":"2"}"""));
        Assert.Equal(4, CountOf(patch, """{"name":"X","value":"1"}"""));
    }

    [Fact]
    public void A_value_changed_between_two_patches_is_written_as_it_is_now()
    {
        // The memo lives for one patch only: a later patch must not copy the bytes of an earlier one.
        var variable = Env.Var("X", "before");
        PatchOperation[] operations = [EnvOp("/spec/containers/0/env/-", variable), EnvOp("/spec/containers/1/env/-", variable)];
        Assert.Contains("before", Encoding.UTF8.GetString(JsonPatchWriter.ToUtf8(operations)), StringComparison.Ordinal);

        variable.Value = "after";

        var patch = AssertWrittenAsReference(operations);
        Assert.DoesNotContain("before", patch, StringComparison.Ordinal);
    }

    [Fact]
    public void More_distinct_values_than_the_memo_holds_are_all_written()
    {
        var variables = Enumerable.Range(0, PatchValueMemo.Capacity + 10).Select(i => Env.Var($"V{i}", $"value {i}")).ToArray();
        var operations = Enumerable.Range(0, 3)
            .SelectMany(container => variables.Select(v => EnvOp($"/spec/containers/{container}/env/-", v)))
            .ToArray();

        AssertWrittenAsReference(operations);
    }

    [Fact]
    public void Values_are_copied_correctly_when_the_buffer_grows_past_its_first_size()
    {
        // Far more than the writer's first 4 KiB, so values first written before a growth are copied after it.
        var big = Env.Var("BIG", new string('x', 3000));
        var small = Env.Var("SMALL", "s");
        var operations = Enumerable.Range(0, 50)
            .SelectMany(i => new[] { EnvOp($"/spec/containers/{i}/env/-", big), EnvOp($"/spec/containers/{i}/env/-", small) })
            .ToArray();

        AssertWrittenAsReference(operations);
    }

    [Theory]
    [MemberData(nameof(SpecialValues))]
    public void Escaping_of_serialized_values_is_the_serializers(string value)
    {
        var variable = Env.Var("NAME", value);

        AssertWrittenAsReference([EnvOp("/spec/containers/0/env", variable, createsArray: true), EnvOp("/spec/containers/1/env/-", variable)]);
    }

    [Theory]
    [MemberData(nameof(SpecialValues))]
    public void Values_encoded_ahead_are_the_serializers_bytes(string value)
    {
        var variables = Encoded.Env(Env.Var("NAME", value), Env.Var("OTHER", value + "!"));
        var mounts = Encoded.Mounts(ProjectedToken.Mount("m", "/p/" + value));
        var volumes = Encoded.Volumes(ProjectedToken.Volume("v", value, 3600, "token"));

        for (var i = 0; i < variables.Count; i++)
        {
            Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(variables[i], CoreJsonContext.Default.V1EnvVar), variables.JsonAt(i));
        }

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(mounts[0], CoreJsonContext.Default.V1VolumeMount), mounts.JsonAt(0));
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(volumes[0], CoreJsonContext.Default.V1Volume), volumes.JsonAt(0));
        AssertWrittenAsReference(
        [
            EnvOp("/spec/containers/0/env", variables[0], createsArray: true) with { Json = variables.JsonAt(0) },
            EnvOp("/spec/containers/0/env/-", variables[1]) with { Json = variables.JsonAt(1) },
            MountOp("/spec/containers/0/volumeMounts", mounts[0], createsArray: true) with { Json = mounts.JsonAt(0) },
            new PatchOperation("/spec/volumes/-", volumes[0], CoreJsonContext.Default.V1Volume) { Json = volumes.JsonAt(0) },
        ]);
    }

    [Theory]
    [MemberData(nameof(SpecialValues))]
    public void Paths_not_encoded_ahead_are_escaped_as_the_serializer_escapes_them(string key)
    {
        var value = Env.Var("X", "1");

        AssertWrittenAsReference(
        [
            new PatchOperation($"/metadata/annotations/{JsonPointer.Escape(key)}", key, CoreJsonContext.Default.String),
            EnvOp("/spec/containers/40/env/-", value),
            new PatchOperation("/spec/initContainers/" + key, value, CoreJsonContext.Default.V1EnvVar),
        ]);
    }

    [Fact]
    public void Operation_starts_encoded_ahead_hold_the_serializers_path_strings()
    {
        foreach (var init in new[] { false, true })
        {
            foreach (var index in new[] { 0, 1, 31, 32, 100 })
            {
                foreach (var append in new[] { false, true })
                {
                    AssertEncodedAsSerializer(PatchPaths.EnvPath(init, index, append), index < 32);
                    AssertEncodedAsSerializer(PatchPaths.VolumeMountsPath(init, index, append), index < 32);
                    Assert.Equal($"/spec/{(init ? "initContainers" : "containers")}/{index}/env{(append ? "/-" : "")}", PatchPaths.Env(init, index, append));
                    Assert.Equal($"/spec/{(init ? "initContainers" : "containers")}/{index}/volumeMounts{(append ? "/-" : "")}", PatchPaths.VolumeMounts(init, index, append));
                }
            }
        }

        AssertEncodedAsSerializer(PatchPaths.Volumes, encoded: true);
        AssertEncodedAsSerializer(PatchPaths.AppendVolume, encoded: true);
    }

    [Fact]
    public void Encoded_lists_keep_their_values_in_order()
    {
        var a = Env.Var("A", "1");
        var b = Env.Var("B", "2");

        var list = Encoded.Env(a, b);

        Assert.Equal([a, b], list);
        Assert.Equal(2, list.Count);
        Assert.Same(b, list[1]);
    }

    [Fact]
    public void Plans_with_encoded_values_give_the_patch_of_plans_with_plain_ones()
    {
        var plain = Plans(encoded: false);
        var encoded = Plans(encoded: true);

        var fromPlain = Mutate(plain);
        var fromEncoded = Mutate(encoded);

        Assert.Equal(ReferencePatch.Write(fromPlain.Patch), Encoding.UTF8.GetString(JsonPatchWriter.ToUtf8(fromEncoded.Patch)));
        Assert.Equal(ReferencePatch.Write(fromEncoded.Patch), Encoding.UTF8.GetString(JsonPatchWriter.ToUtf8(fromEncoded.Patch)));
        Assert.Contains(fromEncoded.Patch, op => op.Json is not null);
        Assert.Contains(fromEncoded.Patch, op => op.Json is null);
    }

    [Fact]
    public void A_value_shared_by_two_plans_is_added_once_and_written_as_the_serializer_writes_it()
    {
        var shared = Env.Var("AWS_REGION", "us-east-1 \"<é>\"");
        var mount = ProjectedToken.Mount("token", "/var/run/secrets/token");
        var first = new InjectionPlan("a", "a/x") { Env = [new EnvGroup(shared), new EnvGroup(Env.Var("A", "1"))], Mounts = [mount] };
        var second = new InjectionPlan("b", "b/x") { Env = [new EnvGroup(Env.Var("B", "2")), new EnvGroup(shared)], Mounts = [mount] };

        var result = Mutate([first, second]);
        var patch = Encoding.UTF8.GetString(JsonPatchWriter.ToUtf8(result.Patch));

        Assert.Equal(ReferencePatch.Write(result.Patch), patch);
        Assert.Equal(4, result.Patch.Count(op => ReferenceEquals(op.Value, shared)));
        Assert.Equal(4, result.Patch.Count(op => ReferenceEquals(op.Value, mount)));
    }

    private static InjectionPlan[] Plans(bool encoded)
    {
        V1EnvVar[] fixedEnv = [Env.Var("REGION", "r<1>"), Env.Var("ENDPOINT", "https://e.example.com/?a=1&b='2'")];
        V1VolumeMount[] mounts = [ProjectedToken.Mount("one", "/one"), ProjectedToken.Mount("two", "/two")];
        V1Volume[] volumes = [ProjectedToken.Volume("one", "aud", 3600, "token"), new V1Volume { Name = "two", EmptyDir = new V1EmptyDirVolumeSource() }];
        var perReview = new EnvGroup(Env.Var("ROLE", "arn:é"), Env.Var("TOKEN_FILE", "/var/run/token"));
        return
        [
            new InjectionPlan("p", "p/x")
            {
                Env = [encoded ? new EnvGroup(Encoded.Env(fixedEnv)) : new EnvGroup(fixedEnv), perReview],
                Mounts = encoded ? Encoded.Mounts(mounts) : mounts,
                Volumes = encoded ? Encoded.Volumes(volumes) : volumes,
            },
        ];
    }

    private static MutationResult Mutate(InjectionPlan[] plans)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "team-a" },
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container { Name = "bare" },
                    new V1Container { Name = "with-env", Env = [Env.Var("MINE", "1")], VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data" }] },
                    new V1Container { Name = "sets-region", Env = [Env.Var("REGION", "mine")] },
                ],
                InitContainers = [new V1Container { Name = "init" }],
            },
        };
        var account = new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "app", NamespaceProperty = "team-a" } };
        var mutator = new PodMutator(plans.Select((plan, i) => (IIdentityProvider)new PlanProvider($"p{i}", plan)), new MutationOptions());
        var result = mutator.Mutate(new InjectionContext("team-a", pod, account));
        Assert.Equal(MutationOutcome.Mutated, result.Outcome);
        return result;
    }

    private static void AssertEncodedAsSerializer(PatchPath path, bool encoded)
    {
        if (encoded)
        {
            var pathJson = JsonSerializer.Serialize(path.Text, CoreJsonContext.Default.String);
            Assert.Equal($$"""{"op":"add","path":{{pathJson}},"value":""", Encoding.UTF8.GetString(path.OperationStart!));
        }
        else
        {
            Assert.Null(path.OperationStart);
        }
    }

    private static string AssertWrittenAsReference(PatchOperation[] operations)
    {
        var patch = Encoding.UTF8.GetString(JsonPatchWriter.ToUtf8(operations));
        Assert.Equal(ReferencePatch.Write(operations), patch);
        return patch;
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static PatchOperation EnvOp(string path, V1EnvVar variable, bool createsArray = false) =>
        new(path, variable, CoreJsonContext.Default.V1EnvVar) { CreatesArray = createsArray };

    private static PatchOperation MountOp(string path, V1VolumeMount mount, bool createsArray = false) =>
        new(path, mount, CoreJsonContext.Default.V1VolumeMount) { CreatesArray = createsArray };

    private sealed class PlanProvider(string name, InjectionPlan plan) : IIdentityProvider
    {
        public string Name => name;

        public bool ReadsServiceAccountAnnotation(string key) => false;

        public ProviderResult Plan(InjectionContext context) => ProviderResult.Inject(plan);
    }
}
