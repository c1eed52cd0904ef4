using PodIdentity.Core.Providers.Gcp;

namespace PodIdentity.Core.Tests.Providers.Gcp;

public sealed class GcpOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        var options = new GcpOptions();

        Assert.Empty(GcpWorkloadIdentityProvider.Descriptor.Validate(options));
        Assert.Equal("Gcp", GcpWorkloadIdentityProvider.Descriptor.Section);
        Assert.True(GcpWorkloadIdentityProvider.Descriptor.IsEnabled(options));
        Assert.Equal("cloud.google.com", options.AnnotationPrefix);
        Assert.Equal("", options.DefaultAudience);
        Assert.Equal(3600, options.TokenExpirationSeconds);
        Assert.Equal("gcr.io/google.com/cloudsdktool/google-cloud-cli:stable", options.GcloudImage);
    }

    [Fact]
    public void RegisteredOnceAfterAws()
    {
        var all = PodIdentity.Core.Providers.ProviderCatalog.All;

        Assert.Single(all, d => d.Section == "Gcp");
        Assert.True(all.ToList().FindIndex(d => d.Section == "Aws") < all.ToList().FindIndex(d => d.Section == "Gcp"));
    }

    [Theory]
    [InlineData("", "Gcp:AnnotationPrefix \"\" is invalid: expected a DNS-style prefix without '/', e.g. \"cloud.google.com\"")]
    [InlineData("cloud.google.com/", "Gcp:AnnotationPrefix \"cloud.google.com/\" is invalid: expected a DNS-style prefix without '/', e.g. \"cloud.google.com\"")]
    public void AnnotationPrefix(string prefix, string message) =>
        Assert.Equal([message], GcpWorkloadIdentityProvider.Descriptor.Validate(new GcpOptions { AnnotationPrefix = prefix }));

    [Fact]
    public void DefaultAudience_WithSpace()
    {
        Assert.Equal(
            ["Gcp:DefaultAudience \"sts googleapis\" is invalid: expected a non-empty audience without spaces that the pool provider allows, " +
                "e.g. \"//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/my-pool/providers/my-provider\", " +
                "or empty to use each ServiceAccount's pool provider resource name"],
            GcpWorkloadIdentityProvider.Descriptor.Validate(new GcpOptions { DefaultAudience = "sts googleapis" }));
        Assert.Empty(GcpWorkloadIdentityProvider.Descriptor.Validate(new GcpOptions { DefaultAudience = "sts.googleapis.com" }));
    }

    [Theory]
    [InlineData(599)]
    [InlineData(4294967296)]
    public void TokenExpirationSeconds(long seconds)
    {
        Assert.Equal(
            [$"Gcp:TokenExpirationSeconds {seconds} is invalid: expected seconds between 600 and 4294967295, e.g. 3600"],
            GcpWorkloadIdentityProvider.Descriptor.Validate(new GcpOptions { TokenExpirationSeconds = seconds }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("google-cloud-cli stable")]
    public void GcloudImage(string image)
    {
        Assert.Equal(
            [$"Gcp:GcloudImage \"{image}\" is invalid: expected a container image reference, e.g. \"gcr.io/google.com/cloudsdktool/google-cloud-cli:stable\""],
            GcpWorkloadIdentityProvider.Descriptor.Validate(new GcpOptions { GcloudImage = image }));
    }

    [Fact]
    public void Disabled_IsNotCreatedByTheHost()
    {
        var mutator = Support.TestMutator.Create(new Dictionary<string, string?> { ["Gcp:Enabled"] = "false" });

        Assert.DoesNotContain(mutator.Providers, p => p.Name == "gcp");
        Assert.False(mutator.IsRelevantAnnotation("cloud.google.com/workload-identity-provider"));
        Assert.True(Support.TestMutator.Create().IsRelevantAnnotation("cloud.google.com/workload-identity-provider"));
    }
}
