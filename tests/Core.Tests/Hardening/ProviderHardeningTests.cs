using k8s.Models;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Pods;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Patching;
using PodIdentity.Core.Tests.Support;

namespace PodIdentity.Core.Tests.Hardening;

/// <summary>Issue 14, items 8, 9 and 10 through the whole reviewer.</summary>
public sealed class ProviderHardeningTests
{
    private const string RoleArn = "arn:aws:iam::111122223333:role/app";

    [Fact]
    public void Gcp_email_without_provider_is_denied_naming_the_missing_annotation()
    {
        var review = TestMutator.Reviewer().Review(Request(Pod()), Account(new() { ["cloud.google.com/service-account-email"] = "app@my-project.iam.gserviceaccount.com" }));

        Assert.False(review.Response!.Allowed);
        Assert.Equal(
            "ServiceAccount \"team-a/app\" has annotation cloud.google.com/service-account-email but not cloud.google.com/workload-identity-provider, which it needs: " +
            "add cloud.google.com/workload-identity-provider (e.g. \"projects/123456789012/locations/global/workloadIdentityPools/my-pool/providers/my-provider\"), " +
            "or remove cloud.google.com/service-account-email",
            review.Response!.Status!.Message);
    }

    [Fact]
    public void In_warn_mode_an_incomplete_set_is_admitted_with_a_warning()
    {
        var reviewer = TestMutator.Reviewer(new Dictionary<string, string?> { ["Mutation:InvalidAnnotations"] = "Warn" });

        var review = reviewer.Review(Request(Pod()), Account(new() { ["eks.amazonaws.com/audience"] = "sts.amazonaws.com" }));

        Assert.True(review.Response!.Allowed);
        Assert.Null(review.Response!.Patch);
        var warning = Assert.Single(review.Response!.Warnings!);
        Assert.Contains("has annotation eks.amazonaws.com/audience but not eks.amazonaws.com/role-arn", warning, StringComparison.Ordinal);
        Assert.EndsWith("aws credentials were not injected", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWS_ROLE_ARN")]
    [InlineData("AWS_WEB_IDENTITY_TOKEN_FILE")]
    public void A_container_with_its_own_identity_is_untouched_while_the_others_are_mutated(string variable)
    {
        var pod = Pod();
        pod.Spec.Containers[0].Env = [new V1EnvVar { Name = variable, Value = "mine" }];
        pod.Spec.Containers.Add(new V1Container { Name = "sidecar", Image = "x" });

        var mutated = Mutate(pod, Account(new() { ["eks.amazonaws.com/role-arn"] = RoleArn, ["eks.amazonaws.com/sts-regional-endpoints"] = "true" }),
            new Dictionary<string, string?> { ["Aws:Region"] = "us-west-2" });

        Assert.Equal([variable], mutated.Spec.Containers[0].Env.Select(e => e.Name));
        Assert.Null(mutated.Spec.Containers[0].VolumeMounts);
        Assert.Contains(mutated.Spec.Containers[1].Env, e => e.Name == "AWS_ROLE_ARN");
        Assert.Equal(["aws-iam-token"], mutated.Spec.Volumes.Select(v => v.Name));
    }

    [Fact]
    public void A_pod_whose_only_container_brings_its_own_identity_gets_no_token_volume()
    {
        var pod = Pod();
        pod.Spec.Containers[0].Env = [new V1EnvVar { Name = "AWS_CONTAINER_CREDENTIALS_FULL_URI", Value = "http://mine" }];

        var review = TestMutator.Reviewer(new Dictionary<string, string?> { ["CoreWeave:Enabled"] = "true", ["CoreWeave:OrgId"] = "cw1234" })
            .Review(Request(pod), Account(new() { ["caios.coreweave.com/inject"] = "true" }));

        Assert.True(review.Response!.Allowed);
        Assert.Null(review.Response!.Patch);
    }

    [Theory]
    [InlineData("999999999", null, 172_800)]
    [InlineData("100000", null, 100_000)]
    [InlineData("999999999", "7200", 7_200)]
    [InlineData("60", null, 600)]
    public void A_pod_may_raise_its_token_lifetime_up_to_the_configured_maximum(string podValue, string? maximum, long expected)
    {
        var pod = Pod();
        pod.Metadata.Annotations = new Dictionary<string, string> { ["eks.amazonaws.com/token-expiration"] = podValue };
        var config = maximum is null ? [] : new Dictionary<string, string?> { ["Mutation:MaxPodTokenExpirationSeconds"] = maximum };

        var mutated = Mutate(pod, Account(new() { ["eks.amazonaws.com/role-arn"] = RoleArn, ["eks.amazonaws.com/token-expiration"] = "3600" }), config);

        Assert.Equal(expected, mutated.Spec.Volumes.Single().Projected.Sources.Single().ServiceAccountToken.ExpirationSeconds);
    }

    [Fact]
    public void The_maximum_bounds_only_the_pod_annotation_not_the_ServiceAccount()
    {
        var mutated = Mutate(Pod(), Account(new() { ["eks.amazonaws.com/role-arn"] = RoleArn, ["eks.amazonaws.com/token-expiration"] = "604800" }), []);

        Assert.Equal(604_800, mutated.Spec.Volumes.Single().Projected.Sources.Single().ServiceAccountToken.ExpirationSeconds);
    }

    [Fact]
    public void The_maximum_is_checked_at_start()
    {
        Assert.Null(new MutationOptions().Problem());
        Assert.Equal(
            "Mutation:MaxPodTokenExpirationSeconds 100 is invalid: expected seconds between 600 and 4294967295, e.g. 172800",
            new MutationOptions { MaxPodTokenExpirationSeconds = 100 }.Problem());
    }

    private static V1Pod Mutate(V1Pod pod, V1ServiceAccount account, Dictionary<string, string?> config)
    {
        var review = TestMutator.Reviewer(config).Review(Request(pod), account);
        Assert.True(review.Response!.Allowed, review.Response!.Status?.Message);
        return PatchApplier.Apply(pod, review.Response!.Patch!);
    }

    private static V1Pod Pod() => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "team-a" },
        Spec = new V1PodSpec { ServiceAccountName = "app", Containers = [new V1Container { Name = "web", Image = "nginx" }] },
    };

    private static V1ServiceAccount Account(Dictionary<string, string> annotations) =>
        new() { Metadata = new V1ObjectMeta { Name = "app", NamespaceProperty = "team-a", Annotations = annotations } };

    private static AdmissionRequest Request(V1Pod pod) => TestReviewer.Request("team-a", pod);
}
