using System.Text.Json;
using k8s.Models;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Validation;
using PodIdentity.Core.Pods;
using PodIdentity.Core.Providers.Gcp;
using PodIdentity.Core.Tests.Support;

namespace PodIdentity.Core.Tests.Providers.Gcp;

/// <summary>The external_account JSON, read back with JsonDocument and checked field by field.</summary>
public sealed class GcpCredentialConfigTests
{
    private const string Provider = "projects/123456789012/locations/global/workloadIdentityPools/on-prem-kubernetes/providers/this-cluster";
    private const string Email = "app-x@my-project.iam.gserviceaccount.com";

    [Fact]
    public void WithEmail_ImpersonatesAndKeepsTheDesignOrder()
    {
        using var json = JsonDocument.Parse(CredentialsFromReview(Annotated(Email)));
        var root = json.RootElement;

        Assert.Equal(
            ["type", "audience", "subject_token_type", "token_url", "credential_source", "service_account_impersonation_url"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("external_account", root.GetProperty("type").GetString());
        Assert.Equal("//iam.googleapis.com/" + Provider, root.GetProperty("audience").GetString());
        Assert.Equal("urn:ietf:params:oauth:token-type:jwt", root.GetProperty("subject_token_type").GetString());
        Assert.Equal("https://sts.googleapis.com/v1/token", root.GetProperty("token_url").GetString());
        var source = root.GetProperty("credential_source");
        Assert.Equal(["file", "format"], source.EnumerateObject().Select(p => p.Name));
        Assert.Equal("/var/run/secrets/sts.googleapis.com/serviceaccount/token", source.GetProperty("file").GetString());
        var format = source.GetProperty("format");
        Assert.Equal(["type"], format.EnumerateObject().Select(p => p.Name));
        Assert.Equal("text", format.GetProperty("type").GetString());
        Assert.Equal(
            "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/app-x@my-project.iam.gserviceaccount.com:generateAccessToken",
            root.GetProperty("service_account_impersonation_url").GetString());
        Assert.False(root.TryGetProperty("service_account_impersonation", out _));
    }

    [Fact]
    public void WithoutEmail_HasNoImpersonation()
    {
        using var json = JsonDocument.Parse(CredentialsFromReview(Annotated(null)));
        var root = json.RootElement;

        Assert.Equal(["type", "audience", "subject_token_type", "token_url", "credential_source"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("//iam.googleapis.com/" + Provider, root.GetProperty("audience").GetString());
        Assert.False(root.TryGetProperty("service_account_impersonation_url", out _));
    }

    [Fact]
    public void LifetimeAnnotation_AddsTokenLifetimeUnderImpersonation()
    {
        var sa = Annotated(Email);
        sa.Metadata.Annotations["cloud.google.com/service-account-token-lifetime-seconds"] = "43200";
        using var json = JsonDocument.Parse(CredentialsFromReview(sa));

        var impersonation = json.RootElement.GetProperty("service_account_impersonation");
        Assert.Equal(["token_lifetime_seconds"], impersonation.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, impersonation.GetProperty("token_lifetime_seconds").ValueKind);
        Assert.Equal(43200, impersonation.GetProperty("token_lifetime_seconds").GetInt64());
        Assert.Equal("service_account_impersonation", json.RootElement.EnumerateObject().Last().Name);
    }

    [Theory]
    [InlineData("//iam.googleapis.com/" + Provider)]
    [InlineData("https://iam.googleapis.com/" + Provider)]
    [InlineData(Provider)]
    public void EveryProviderForm_GivesTheSameBytes(string provider)
    {
        var sa = Annotated(Email);
        sa.Metadata.Annotations["cloud.google.com/workload-identity-provider"] = provider;

        Assert.Equal(CredentialsFromReview(Annotated(Email)), CredentialsFromReview(sa));
    }

    [Fact]
    public void Create_IsCompactAndByteStable()
    {
        var first = GcpCredentialConfig.Create(Provider, GcpWorkloadIdentityProvider.TokenFile, Email, 3600);
        var second = GcpCredentialConfig.Create(Provider, GcpWorkloadIdentityProvider.TokenFile, Email, 3600);

        Assert.Equal(first, second);
        Assert.DoesNotContain(' ', first);
        Assert.DoesNotContain('\n', first);
        Assert.Equal(
            "{\"type\":\"external_account\",\"audience\":\"//iam.googleapis.com/" + Provider + "\"," +
            "\"subject_token_type\":\"urn:ietf:params:oauth:token-type:jwt\",\"token_url\":\"https://sts.googleapis.com/v1/token\"," +
            "\"credential_source\":{\"file\":\"/var/run/secrets/sts.googleapis.com/serviceaccount/token\",\"format\":{\"type\":\"text\"}}," +
            "\"service_account_impersonation_url\":\"https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/" + Email + ":generateAccessToken\"," +
            "\"service_account_impersonation\":{\"token_lifetime_seconds\":3600}}",
            first);
    }

    [Fact]
    public void Create_WithoutEmail_IgnoresLifetime()
    {
        using var json = JsonDocument.Parse(GcpCredentialConfig.Create(Provider, "/t", null, 3600));

        Assert.False(json.RootElement.TryGetProperty("service_account_impersonation", out _));
        Assert.Equal("/t", json.RootElement.GetProperty("credential_source").GetProperty("file").GetString());
    }

    [Fact]
    public void Provider_MakesTheConfigurationOncePerServiceAccount()
    {
        var provider = new GcpWorkloadIdentityProvider(new GcpOptions());
        var identity = provider.Prepare(new ServiceAccountAnnotations("team-a", "app", Annotated(Email).Metadata.Annotations.AsReadOnly()))!;
        var pod = new PodContext("team-a", TestReviewer.Decode(Pod()));
        var first = identity.Plan(pod).Plan!.PodAnnotations.Single(a => a.Key == "cloud.google.com/external-account-credentials");
        var second = identity.Plan(pod).Plan!.PodAnnotations.Single(a => a.Key == "cloud.google.com/external-account-credentials");

        Assert.Same(first.Value, second.Value);
        Assert.Same(first.ValueJson, second.ValueJson);
    }

    [Fact]
    public void Provider_ReadsOnlyItsServiceAccountAnnotations()
    {
        var provider = new GcpWorkloadIdentityProvider(new GcpOptions { AnnotationPrefix = "gcp.example.org" });

        foreach (var name in new[] { "workload-identity-provider", "service-account-email", "audience", "token-expiration", "injection-mode", "project-id", "service-account-token-lifetime-seconds" })
        {
            Assert.True(provider.ReadsServiceAccountAnnotation("gcp.example.org/" + name), name);
            Assert.False(provider.ReadsServiceAccountAnnotation("cloud.google.com/" + name), name);
        }

        Assert.False(provider.ReadsServiceAccountAnnotation("gcp.example.org/skip-containers"));
        Assert.False(provider.ReadsServiceAccountAnnotation("gcp.example.org/external-account-credentials"));
    }

    internal static V1ServiceAccount Annotated(string? email)
    {
        var annotations = new Dictionary<string, string> { ["cloud.google.com/workload-identity-provider"] = Provider };
        if (email is not null)
        {
            annotations["cloud.google.com/service-account-email"] = email;
        }

        return new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "app", NamespaceProperty = "team-a", Annotations = annotations } };
    }

    internal static V1Pod Pod() => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "team-a" },
        Spec = new V1PodSpec { ServiceAccountName = "app", Containers = [new V1Container { Name = "web", Image = "nginx:1.27" }] },
    };

    private static InjectionContext Context(V1ServiceAccount sa) => new("team-a", Pod(), sa);

    /// <summary>The annotation as the API server would store it: taken from the applied patch.</summary>
    private static string CredentialsFromReview(V1ServiceAccount sa)
    {
        var request = AdmissionCodec.DecodeCreate(Pod(), "team-a", "u");
        var response = TestMutator.Reviewer().Review(request, sa).Response!;
        Assert.True(response.Allowed, response.Status?.Message);
        var mutated = PatchApplier.Apply(Pod(), response.Patch);
        return mutated.Metadata.Annotations["cloud.google.com/external-account-credentials"];
    }
}
