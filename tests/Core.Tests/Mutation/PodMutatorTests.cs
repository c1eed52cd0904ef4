using System.Text;
using k8s.Models;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Patching;
using PodIdentity.Core.Pods;
using PodIdentity.Core.Providers;
using PodIdentity.Core.Validation;
using PodIdentity.Core.Tests.Support;

namespace PodIdentity.Core.Tests.Mutation;

/// <summary>The merge step on its own, with providers that return fixed plans.</summary>
public sealed class PodMutatorTests
{
    private static readonly V1ServiceAccount Account = new() { Metadata = new V1ObjectMeta { Name = "app", NamespaceProperty = "team-a" } };

    [Fact]
    public void Two_providers_setting_one_variable_differently_deny_naming_both_annotations()
    {
        var mutator = Mutator(
            Plan("aws", "eks.amazonaws.com/role-arn", PatchValue.Env("AWS_REGION", "us-east-1")),
            Plan("coreweave", "caios.coreweave.com/inject", PatchValue.Env("AWS_REGION", "US-EAST-04A")));

        var result = Mutate(mutator, Pod());

        Assert.Equal(MutationOutcome.Denied, result.Outcome);
        Assert.Equal(
            "ServiceAccount \"team-a/app\": annotations eks.amazonaws.com/role-arn (aws) and caios.coreweave.com/inject (coreweave) would both set AWS_REGION " +
            "(\"us-east-1\" and \"US-EAST-04A\"); remove one of the annotations, or change the configuration so only one of them sets AWS_REGION",
            result.DenialMessage);
    }

    [Fact]
    public void Two_providers_agreeing_on_a_value_add_it_once()
    {
        var mutator = Mutator(
            Plan("a", "a/x", PatchValue.Env("AWS_REGION", "us-east-1")),
            Plan("b", "b/x", PatchValue.Env("AWS_REGION", "us-east-1")));

        var pod = Apply(Pod(), mutator);

        Assert.Equal(["AWS_REGION"], pod.Spec.Containers[0].Env.Select(e => e.Name));
    }

    [Fact]
    public void Skip_container_policy_leaves_the_container_alone_and_says_why()
    {
        var plan = new InjectionPlan("coreweave", "caios.coreweave.com/inject")
        {
            Mounts = [PatchValue.Mount(ProjectedToken.Mount("cw-token", "/var/run/secrets/tokens"))],
            Env = [new EnvGroup(PatchValue.Env("X", "1"))],
            Volumes = [PatchValue.Volume(ProjectedToken.Volume("cw-token", "aud", 3600, "oidc-token"))],
            OnMountPathTaken = MountPathTaken.SkipContainer,
        };
        var pod = Pod();
        pod.Spec.Containers[0].VolumeMounts = [new V1VolumeMount { Name = "mine", MountPath = "/var/run/secrets/tokens/" }];
        pod.Spec.Containers.Add(new V1Container { Name = "other", Image = "x" });

        var result = Mutate(Mutator(ProviderResult.Inject(plan)), pod);
        var mutated = PatchApplier.Apply(pod, JsonPatchWriter.ToUtf8(result.Patch));

        Assert.Equal(
            "Pod \"team-a/web\" container \"web\" already mounts volume \"mine\" at /var/run/secrets/tokens/; coreweave credentials were not injected into it " +
            "(remove that mount or list the container in the skip-containers annotation)",
            Assert.Single(result.Warnings));
        Assert.Null(mutated.Spec.Containers[0].Env);
        Assert.Equal("X", Assert.Single(mutated.Spec.Containers[1].Env).Name);
        Assert.Equal("cw-token", Assert.Single(mutated.Spec.Volumes).Name);
    }

    [Fact]
    public void Nothing_is_added_when_every_container_is_skipped()
    {
        var plan = new InjectionPlan("aws", "eks.amazonaws.com/role-arn")
        {
            Env = [new EnvGroup(PatchValue.Env("X", "1"))],
            Volumes = [PatchValue.Volume(ProjectedToken.Volume("t", "aud", 3600, "token"))],
            PodAnnotations = [PatchValue.Annotation("a/b", "c")],
            SkipContainers = new HashSet<string> { "web" },
        };

        var result = Mutate(Mutator(ProviderResult.Inject(plan)), Pod());

        Assert.Equal(MutationOutcome.Skipped, result.Outcome);
        Assert.Empty(result.Patch);
        Assert.Empty(result.ProvidersApplied);
    }

    [Fact]
    public void Init_containers_are_prepended_in_order_after_edits_to_existing_init_containers()
    {
        var plan = new InjectionPlan("gcp", "cloud.google.com/workload-identity-provider")
        {
            Env = [new EnvGroup(PatchValue.Env("X", "1"))],
            InitContainers = [PatchValue.Container(new V1Container { Name = "first", Image = "a" }), PatchValue.Container(new V1Container { Name = "second", Image = "b" })],
        };
        var pod = Pod();
        pod.Spec.InitContainers = [new V1Container { Name = "user-init", Image = "u" }];

        var mutated = Apply(pod, Mutator(ProviderResult.Inject(plan)));

        Assert.Equal(["first", "second", "user-init"], mutated.Spec.InitContainers.Select(c => c.Name));
        Assert.Equal("X", Assert.Single(mutated.Spec.InitContainers[2].Env).Name);
        Assert.Null(mutated.Spec.InitContainers[0].Env);
    }

    [Fact]
    public void Init_container_array_is_created_when_absent_and_not_duplicated_on_reinvocation()
    {
        var plan = new InjectionPlan("gcp", "g")
        {
            Env = [new EnvGroup(PatchValue.Env("X", "1"))],
            InitContainers = [PatchValue.Container(new V1Container { Name = "gcloud-auth", Image = "a" })],
        };
        var mutator = Mutator(ProviderResult.Inject(plan));

        var mutated = Apply(Pod(), mutator);

        Assert.Equal("gcloud-auth", Assert.Single(mutated.Spec.InitContainers).Name);
        Assert.Empty(Mutate(mutator, mutated).Patch);
    }

    [Fact]
    public void Pod_annotation_keys_are_escaped_and_existing_values_kept_with_a_warning()
    {
        var plan = new InjectionPlan("gcp", "g")
        {
            Env = [new EnvGroup(PatchValue.Env("X", "1"))],
            PodAnnotations = [PatchValue.Annotation("cloud.google.com/config", "{}"), PatchValue.Annotation("other.io/a~b", "v")],
        };
        var pod = Pod();
        pod.Metadata.Annotations = new Dictionary<string, string> { ["cloud.google.com/config"] = "user" };

        var result = Mutate(Mutator(ProviderResult.Inject(plan)), pod);
        var mutated = PatchApplier.Apply(pod, JsonPatchWriter.ToUtf8(result.Patch));

        Assert.Contains(result.Patch, op => op.Path.Text == "/metadata/annotations/other.io~1a~0b");
        Assert.Equal("user", mutated.Metadata.Annotations["cloud.google.com/config"]);
        Assert.Equal("v", mutated.Metadata.Annotations["other.io/a~b"]);
        Assert.Equal(
            "Pod \"team-a/web\" already has annotation cloud.google.com/config with a different value; kept the pod's value, so gcp credentials may not work as configured",
            Assert.Single(result.Warnings));
    }

    [Fact]
    public void Warn_mode_applies_valid_providers_and_warns_for_invalid_ones()
    {
        var mutator = new PodMutator(
            [new FixedProvider("bad", ProviderResult.Invalid(["problem one"])), new FixedProvider("good", Plan("good", "g/x", PatchValue.Env("X", "1")))],
            new MutationOptions { InvalidAnnotations = InvalidAnnotationAction.Warn });

        var result = Mutate(mutator, Pod());

        Assert.Equal(MutationOutcome.Mutated, result.Outcome);
        Assert.Equal(["good"], result.ProvidersApplied);
        Assert.Equal("problem one; bad credentials were not injected", Assert.Single(result.Warnings));
    }

    [Fact]
    public void Deny_mode_joins_every_problem_of_every_provider()
    {
        var mutator = new PodMutator(
            [new FixedProvider("a", ProviderResult.Invalid(["one", "two"])), new FixedProvider("b", ProviderResult.Invalid(["three"]))],
            new MutationOptions());

        var result = Mutate(mutator, Pod());

        Assert.Equal("one; two; three", result.DenialMessage);
    }

    [Fact]
    public void Patch_is_a_json_array_of_add_operations()
    {
        var result = Mutate(Mutator(Plan("a", "a/x", PatchValue.Env("X", "1"))), Pod());

        Assert.Equal(
            """[{"op":"add","path":"/spec/containers/0/env","value":[{"name":"X","value":"1"}]}]""",
            Encoding.UTF8.GetString(JsonPatchWriter.ToUtf8(result.Patch)));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a/b", "a~1b")]
    [InlineData("a~b", "a~0b")]
    [InlineData("~/", "~0~1")]
    public void Json_pointer_escaping(string token, string escaped) => Assert.Equal(escaped, JsonPointer.Escape(token));

    private static ProviderResult Plan(string provider, string trigger, params PatchEnvVar[] variables) =>
        ProviderResult.Inject(new InjectionPlan(provider, trigger) { Env = [new EnvGroup(variables)] });

    private static PodMutator Mutator(params ProviderResult[] results) =>
        new(results.Select((r, i) => (IIdentityProvider)new FixedProvider($"p{i}", r)), new MutationOptions());

    private static V1Pod Apply(V1Pod pod, PodMutator mutator) =>
        PatchApplier.Apply(pod, JsonPatchWriter.ToUtf8(Mutate(mutator, pod).Patch));

    private static MutationResult Mutate(PodMutator mutator, V1Pod pod)
    {
        var decoded = TestReviewer.Decode(pod);
        return mutator.Mutate("team-a", decoded, TestReviewer.Prepare(mutator, "team-a", Account, decoded));
    }

    private static V1Pod Pod() => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "team-a" },
        Spec = new V1PodSpec { ServiceAccountName = "app", Containers = [new V1Container { Name = "web", Image = "nginx" }] },
    };

    private sealed class FixedProvider(string name, ProviderResult result) : IIdentityProvider
    {
        public string Name => name;

        public bool ReadsServiceAccountAnnotation(string key) => false;

        public PreparedIdentity Prepare(ServiceAccountAnnotations serviceAccount) => PreparedIdentity.Of(name, _ => result);
    }
}
