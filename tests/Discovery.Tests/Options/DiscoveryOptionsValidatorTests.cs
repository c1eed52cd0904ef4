using PodIdentity.Discovery.Options;

namespace PodIdentity.Discovery.Tests.Options;

public sealed class DiscoveryOptionsValidatorTests
{
    private static IEnumerable<string> Validate(DiscoveryOptions options, bool s3 = false) =>
        new DiscoveryOptionsValidator(new CommandLineRequest(DiscoveryCommand.Publish, S3: s3)).Validate(null, options).Failures ?? [];

    [Fact]
    public void Defaults_with_an_issuer_are_valid()
    {
        var options = new DiscoveryOptions { Issuer = "https://oidc.example.com/cluster" };
        Assert.Empty(Validate(options));
        Assert.Equal((8080, TimeSpan.FromMinutes(1), new TimeSpan(1, 0, 5, 0), true), (options.Port, options.Interval, options.KeyRetention, options.PublicUrlCheck));
    }

    [Theory]
    [InlineData("", "Discovery:Issuer is required")]
    [InlineData("oidc.example.com", "not an absolute URL")]
    [InlineData("https://oidc.example.com:8443", "must not have a port")]
    [InlineData("https://oidc.example.com/?a=b", "must not have a query")]
    public void Bad_issuers_name_the_key_and_show_an_example(string issuer, string message)
    {
        var failure = Assert.Single(Validate(new DiscoveryOptions { Issuer = issuer }));
        Assert.Contains(message, failure, StringComparison.Ordinal);
        Assert.Contains("example: Discovery:Issuer=https://", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void S3_settings_are_checked_only_with_s3()
    {
        var options = new DiscoveryOptions { Issuer = "https://oidc.example.com", S3 = { Prefix = "/abs", Endpoint = "minio:9000" } };
        Assert.Empty(Validate(options));
        var failures = Validate(options, s3: true).ToList();
        Assert.Contains(failures, f => f.StartsWith("Discovery:S3:Bucket is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Discovery:S3:Endpoint is \"minio:9000\"", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Discovery:S3:Prefix is \"/abs\"", StringComparison.Ordinal));
    }
}
