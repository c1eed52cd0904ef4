using k8s.Models;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Providers;
using PodIdentity.Core.Providers.ContainerCredentials;
using PodIdentity.Core.Tests.Support;

namespace PodIdentity.Core.Tests.Providers.ContainerCredentials;

/// <summary>Annotation rules of both profiles, with the exact sentences users see.</summary>
public sealed class ContainerCredentialsValidationTests
{
    private const string OrgIdExpected =
        "expected a CoreWeave organization id: lowercase letters, digits and '-', starting with a letter or digit, at most 63 characters, e.g. \"cw1234\"";

    private static readonly ContainerCredentialsProvider CoreWeave = new(new CoreWeaveOptions());

    private static InjectionContext Context(Dictionary<string, string> serviceAccount, Dictionary<string, string>? pod = null) => new(
        "ml",
        new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "train", Annotations = pod },
            Spec = new V1PodSpec { ServiceAccountName = "trainer", Containers = [new V1Container { Name = "train", Image = "train:1" }] },
        },
        new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "trainer", NamespaceProperty = "ml", Annotations = serviceAccount } });

    [Theory]
    [InlineData("yes")]
    [InlineData("True")]
    [InlineData("1")]
    [InlineData("")]
    public void Inject_other_than_true_or_false_is_invalid(string value)
    {
        var result = CoreWeave.Plan(Context(new() { ["caios.coreweave.com/inject"] = value, ["caios.coreweave.com/org-id"] = "cw1234" }));

        Assert.Null(result.Plan);
        Assert.Equal(
            [$"ServiceAccount \"ml/trainer\" annotation caios.coreweave.com/inject=\"{value}\" is invalid: expected \"true\" or \"false\""],
            result.Problems);
    }

    [Fact]
    public void Inject_false_is_not_requested_even_with_invalid_annotations()
    {
        var result = CoreWeave.Plan(Context(new() { ["caios.coreweave.com/inject"] = "false", ["caios.coreweave.com/org-id"] = "Not Valid", ["caios.coreweave.com/audience"] = "a b" }));

        Assert.Same(ProviderResult.NotRequested, result);
    }

    // Issue 14 item 8: an org id without the inject annotation was passed over in silence; it is an incomplete set now.
    [Fact]
    public void Org_id_without_inject_annotation_is_an_incomplete_set()
    {
        var problem = Assert.Single(CoreWeave.Plan(Context(new() { ["caios.coreweave.com/org-id"] = "cw1234" })).Problems);

        Assert.Contains("has annotation caios.coreweave.com/org-id but not caios.coreweave.com/inject, which it needs: add caios.coreweave.com/inject (e.g. \"true\")", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void No_annotation_of_the_profile_is_not_requested()
    {
        Assert.Same(ProviderResult.NotRequested, CoreWeave.Plan(Context(new() { ["example.com/owner"] = "team-a" })));
    }

    [Theory]
    [InlineData("CW1234")]
    [InlineData("-cw")]
    [InlineData("cw_1234")]
    [InlineData("cw/../admin")]
    [InlineData("cw1234?x=1")]
    [InlineData("")]
    public void Org_id_annotation_must_be_safe_in_a_url(string value)
    {
        var result = CoreWeave.Plan(Context(new() { ["caios.coreweave.com/inject"] = "true", ["caios.coreweave.com/org-id"] = value }));

        Assert.Equal([$"ServiceAccount \"ml/trainer\" annotation caios.coreweave.com/org-id=\"{value}\" is invalid: {OrgIdExpected}"], result.Problems);
    }

    [Theory]
    [InlineData("cw1234")]
    [InlineData("0a")]
    [InlineData("team-b-org")]
    public void Org_id_annotation_accepts_short_lowercase_ids(string value)
    {
        var result = CoreWeave.Plan(Context(new() { ["caios.coreweave.com/inject"] = "true", ["caios.coreweave.com/org-id"] = value }));

        Assert.Empty(result.Problems);
        Assert.Equal($"https://api.coreweave.com/v1/cwobject/temporary-credentials/oidc/{value}", result.Plan!.Env[0].Variables[0].Value);
    }

    [Fact]
    public void Missing_org_id_names_the_annotation_and_the_configuration_key()
    {
        var result = CoreWeave.Plan(Context(new() { ["caios.coreweave.com/inject"] = "true" }));

        Assert.Equal(
            ["ServiceAccount \"ml/trainer\" has annotation caios.coreweave.com/inject=\"true\" but no organization id: annotate the ServiceAccount with " +
            "caios.coreweave.com/org-id: \"<org id>\", or set a default for all ServiceAccounts with the webhook configuration key CoreWeave:OrgId " +
            "(Helm values, or environment variable CoreWeave__OrgId); an org id is the short lowercase id shown in the Cloud Console's organization settings, e.g. \"cw1234\""],
            result.Problems);
    }

    [Fact]
    public void Configured_org_id_makes_the_annotation_optional()
    {
        var provider = new ContainerCredentialsProvider(new CoreWeaveOptions { OrgId = "cw9" });

        var result = provider.Plan(Context(new() { ["caios.coreweave.com/inject"] = "true" }));

        Assert.Equal("https://api.coreweave.com/v1/cwobject/temporary-credentials/oidc/cw9", result.Plan!.Env[0].Variables[0].Value);
    }

    [Fact]
    public void Audience_with_spaces_is_invalid_with_the_configured_audience_as_example()
    {
        var result = CoreWeave.Plan(Context(new() { ["caios.coreweave.com/inject"] = "true", ["caios.coreweave.com/org-id"] = "cw1234", ["caios.coreweave.com/audience"] = "coreweave iam" }));

        Assert.Equal(
            ["ServiceAccount \"ml/trainer\" annotation caios.coreweave.com/audience=\"coreweave iam\" is invalid: expected a non-empty audience without spaces, e.g. \"https://coreweave.com/iam\""],
            result.Problems);
    }

    [Fact]
    public void Token_expiration_must_be_seconds_on_the_service_account_and_the_pod()
    {
        var result = CoreWeave.Plan(Context(
            new() { ["caios.coreweave.com/inject"] = "true", ["caios.coreweave.com/org-id"] = "cw1234", ["caios.coreweave.com/token-expiration"] = "1h" },
            new() { ["caios.coreweave.com/token-expiration"] = "soon" }));

        Assert.Equal(
            [
                "ServiceAccount \"ml/trainer\" annotation caios.coreweave.com/token-expiration=\"1h\" is invalid: expected a whole number of seconds, e.g. \"3600\" (values below 600 are raised to 600)",
                "Pod \"ml/train\" annotation caios.coreweave.com/token-expiration=\"soon\" is invalid: expected a whole number of seconds, e.g. \"3600\" (values below 600 are raised to 600)",
            ],
            result.Problems);
    }

    [Fact]
    public void Every_problem_is_reported_but_a_missing_org_id_only_when_injection_was_asked_for()
    {
        var result = CoreWeave.Plan(Context(new() { ["caios.coreweave.com/inject"] = "yes", ["caios.coreweave.com/audience"] = "" }));

        Assert.Equal(
            [
                "ServiceAccount \"ml/trainer\" annotation caios.coreweave.com/inject=\"yes\" is invalid: expected \"true\" or \"false\"",
                "ServiceAccount \"ml/trainer\" annotation caios.coreweave.com/audience=\"\" is invalid: expected a non-empty audience without spaces, e.g. \"https://coreweave.com/iam\"",
            ],
            result.Problems);
    }

    [Fact]
    public void Coreweave_reads_only_its_own_service_account_annotations()
    {
        Assert.Equal("coreweave", CoreWeave.Name);
        Assert.True(CoreWeave.ReadsServiceAccountAnnotation("caios.coreweave.com/inject"));
        Assert.True(CoreWeave.ReadsServiceAccountAnnotation("caios.coreweave.com/org-id"));
        Assert.True(CoreWeave.ReadsServiceAccountAnnotation("caios.coreweave.com/audience"));
        Assert.True(CoreWeave.ReadsServiceAccountAnnotation("caios.coreweave.com/token-expiration"));
        Assert.False(CoreWeave.ReadsServiceAccountAnnotation("caios.coreweave.com/skip-containers"));
        Assert.False(CoreWeave.ReadsServiceAccountAnnotation("eks.amazonaws.com/role-arn"));
    }

    [Fact]
    public void Eks_pod_identity_profile_has_no_org_id_and_a_fixed_uri()
    {
        var provider = new ContainerCredentialsProvider(new EksPodIdentityOptions { Enabled = true });

        var result = provider.Plan(Context(new() { ["pod-identity.eks.amazonaws.com/inject"] = "true", ["pod-identity.eks.amazonaws.com/org-id"] = "ignored!" }));

        Assert.Equal("eks-pod-identity", provider.Name);
        Assert.Equal("pod-identity.eks.amazonaws.com/inject", result.Plan!.TriggerAnnotation);
        Assert.Equal("http://169.254.170.23/v1/credentials", result.Plan.Env[0].Variables[0].Value);
        Assert.False(provider.ReadsServiceAccountAnnotation("pod-identity.eks.amazonaws.com/org-id"));
        Assert.True(provider.ReadsServiceAccountAnnotation("pod-identity.eks.amazonaws.com/inject"));
    }

    [Fact]
    public void Eks_pod_identity_inject_value_is_validated_too()
    {
        var provider = new ContainerCredentialsProvider(new EksPodIdentityOptions { Enabled = true });

        var result = provider.Plan(Context(new() { ["pod-identity.eks.amazonaws.com/inject"] = "on" }));

        Assert.Equal(["ServiceAccount \"ml/trainer\" annotation pod-identity.eks.amazonaws.com/inject=\"on\" is invalid: expected \"true\" or \"false\""], result.Problems);
    }

    [Fact]
    public void Plan_uses_skip_container_on_a_taken_mount_path_and_the_inject_annotation_as_trigger()
    {
        var result = CoreWeave.Plan(Context(new() { ["caios.coreweave.com/inject"] = "true", ["caios.coreweave.com/org-id"] = "cw1234" }, new() { ["caios.coreweave.com/skip-containers"] = "a, b" }));

        Assert.Equal(MountPathTaken.SkipContainer, result.Plan!.OnMountPathTaken);
        Assert.Equal("caios.coreweave.com/inject", result.Plan.TriggerAnnotation);
        Assert.Equal(new HashSet<string> { "a", "b" }, result.Plan.SkipContainers);
    }

    [Fact]
    public void Catalog_lists_both_profiles_after_aws()
    {
        Assert.Equal(["Aws", "CoreWeave", "EksPodIdentity"], ProviderCatalog.All.Select(d => d.Section).Take(3));
    }

    [Fact]
    public void Defaults_enable_coreweave_and_not_eks_pod_identity()
    {
        var mutator = TestMutator.Create();

        Assert.Equal(["aws", "coreweave", "gcp"], mutator.Providers.Select(p => p.Name));
        Assert.True(mutator.IsRelevantAnnotation("caios.coreweave.com/org-id"));
        Assert.False(mutator.IsRelevantAnnotation("pod-identity.eks.amazonaws.com/inject"));
    }

    [Fact]
    public void Configuration_keys_bind_to_the_profile()
    {
        var mutator = TestMutator.Create(new Dictionary<string, string?>
        {
            ["CoreWeave:Enabled"] = "false",
            ["EksPodIdentity:Enabled"] = "true",
            ["EksPodIdentity:AnnotationPrefix"] = "identity.example.com",
            ["EksPodIdentity:TokenPath"] = "/var/run/secrets/identity/token",
        });

        var provider = Assert.Single(mutator.Providers, p => p.Name is not ("aws" or "gcp"));
        var result = provider.Plan(Context(new() { ["identity.example.com/inject"] = "true" }));

        Assert.Equal("eks-pod-identity", provider.Name);
        Assert.Equal("/var/run/secrets/identity/token", result.Plan!.Env[0].Variables[1].Value);
        Assert.Equal("/var/run/secrets/identity", result.Plan.Mounts[0].MountPath);
        Assert.Equal("token", System.Text.Json.JsonSerializer.Deserialize(result.Plan.Volumes[0].Json, PodIdentity.Core.Serialization.CoreJsonContext.Default.V1Volume)!.Projected.Sources[0].ServiceAccountToken.Path);
    }
}
