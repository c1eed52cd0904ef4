using Microsoft.Extensions.DependencyInjection;
using PodIdentity.Discovery.Publishing;
using PodIdentity.Discovery.Tests.Infrastructure;

namespace PodIdentity.Discovery.Tests.Publishing;

/// <summary>After publishing, the public URL is fetched over HTTPS and compared.</summary>
public sealed class PublicUrlCheckTests
{
    private const string Issuer = "https://oidc.test/cluster-a";
    private static readonly Dictionary<string, string?> CheckOn = new() { ["Discovery:PublicUrlCheck"] = "true" };

    [Fact]
    public async Task A_public_copy_equal_to_the_published_one_matches()
    {
        using var certs = new TestCertificates();
        await using var cdn = await FakePublicServer.StartAsync(certs.Issue("oidc.test"));
        await using var api = await FakeApiServer.StartAsync(Issuer);
        cdn.Routes["/cluster-a/.well-known/openid-configuration"] = new(200, api.DiscoveryJson());
        cdn.Routes["/cluster-a/openid/v1/jwks"] = new(200, api.JwksJson());
        await using var app = TestHost.Build(new CommandLineRequest(DiscoveryCommand.Serve, Once: true), api, CheckOn, http: cdn.HttpSettings(certs.Roots));

        var report = await app.Services.GetRequiredService<PublishCycle>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(CycleOutcome.Published, report.Outcome);
        Assert.Equal(PublicCheckOutcome.Match, report.PublicCheck!.Outcome);
    }

    [Fact]
    public async Task A_stale_public_jwks_after_rotation_is_a_mismatch()
    {
        using var certs = new TestCertificates();
        await using var cdn = await FakePublicServer.StartAsync(certs.Issue("oidc.test"));
        await using var api = await FakeApiServer.StartAsync(Issuer);
        cdn.Routes["/cluster-a/.well-known/openid-configuration"] = new(200, api.DiscoveryJson());
        cdn.Routes["/cluster-a/openid/v1/jwks"] = new(200, api.JwksJson());
        api.Rotate();
        await using var app = TestHost.Build(new CommandLineRequest(DiscoveryCommand.Serve, Once: true), api, CheckOn, http: cdn.HttpSettings(certs.Roots));

        var report = await app.Services.GetRequiredService<PublishCycle>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(PublicCheckOutcome.Mismatch, report.PublicCheck!.Outcome);
        Assert.Contains("https://oidc.test/cluster-a/openid/v1/jwks differs", report.PublicCheck.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_untrusted_public_certificate_is_an_error_not_a_match()
    {
        using var certs = new TestCertificates();
        using var otherCa = new TestCertificates("Some Other CA");
        await using var cdn = await FakePublicServer.StartAsync(otherCa.Issue("oidc.test"));
        await using var api = await FakeApiServer.StartAsync(Issuer);
        cdn.Routes["/cluster-a/.well-known/openid-configuration"] = new(200, api.DiscoveryJson());
        await using var app = TestHost.Build(new CommandLineRequest(DiscoveryCommand.Serve, Once: true), api, CheckOn, http: cdn.HttpSettings(certs.Roots));

        var report = await app.Services.GetRequiredService<PublishCycle>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(PublicCheckOutcome.Error, report.PublicCheck!.Outcome);
        Assert.Contains("https://oidc.test/cluster-a/.well-known/openid-configuration", report.PublicCheck.Detail, StringComparison.Ordinal);
    }
}
