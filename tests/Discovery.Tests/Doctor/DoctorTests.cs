using System.Text.Json.Nodes;
using PodIdentity.Discovery.Doctor;
using PodIdentity.Discovery.Source;
using PodIdentity.Discovery.Tests.Infrastructure;
using static PodIdentity.Discovery.Doctor.FindingNames;

namespace PodIdentity.Discovery.Tests.Doctor;

/// <summary>`doctor` against a local HTTPS "public" host that reproduces each failure mode.</summary>
public sealed class DoctorTests : IAsyncLifetime
{
    private const string Issuer = "https://oidc.test/cluster-a";
    private readonly TestCertificates _certs = new();
    private FakePublicServer _public = null!;
    private FakeApiServer _api = null!;

    public async Task InitializeAsync()
    {
        _public = await FakePublicServer.StartAsync(_certs.Issue("oidc.test"));
        _api = await FakeApiServer.StartAsync(Issuer);
        PublishHealthy();
    }

    public async Task DisposeAsync()
    {
        await _public.DisposeAsync();
        await _api.DisposeAsync();
        _certs.Dispose();
    }

    private void PublishHealthy(Action<JsonObject, JsonObject>? mutate = null)
    {
        var (discovery, jwks) = _api.Documents();
        mutate?.Invoke(discovery, jwks);
        _public.Routes["/cluster-a/.well-known/openid-configuration"] = new(200, discovery.ToJsonString());
        _public.Routes["/cluster-a/openid/v1/jwks"] = new(200, jwks.ToJsonString());
    }

    private DoctorSettings Settings(string issuer = Issuer) => new(issuer)
    {
        Http = _public.HttpSettings(_certs.Roots),
        ApiServer = ct => DoctorCommand.ReadApiServerAsync(_api.KubeconfigPath, ct),
    };

    private static async Task<IReadOnlyList<Finding>> RunAsync(DoctorSettings settings) =>
        await new DoctorRunner(settings).RunAsync(CancellationToken.None);

    private static void AssertFails(IReadOnlyList<Finding> findings, string name, string detailContains)
    {
        var finding = Assert.Single(findings, f => f.Name == name);
        Assert.True(finding.Status == FindingStatus.Fail, $"{name} is {finding.Status}: {finding.Detail}");
        Assert.Contains(detailContains, finding.Detail, StringComparison.Ordinal);
        Assert.NotEmpty(finding.Fix);
    }

    [Fact]
    public async Task A_healthy_issuer_has_no_failures_and_exit_code_0()
    {
        var output = new StringWriter();
        var exit = await DoctorCommand.RunAsync(Settings(), output, CancellationToken.None);

        Assert.True(exit == 0, output.ToString());
        Assert.Contains("StaleKeys", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("OK: no failures", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trailing_slash_issuer_mismatch_is_named()
    {
        PublishHealthy((d, _) => d["issuer"] = Issuer + "/");
        var output = new StringWriter();
        var exit = await DoctorCommand.RunAsync(Settings(), output, CancellationToken.None);

        Assert.Equal(1, exit);
        AssertFails(await RunAsync(Settings()), IssuerMismatch, "trailing slash differs");
        Assert.Matches(@"IssuerMismatch\s+FAIL", output.ToString());
    }

    [Fact]
    public async Task Http_scheme_port_and_query_are_named()
    {
        AssertFails(await RunAsync(Settings("http://oidc.test/cluster-a")), IssuerNotHttps, "scheme is http");
        AssertFails(await RunAsync(Settings("https://oidc.test:8443/cluster-a")), IssuerHasPort, "port 8443");
        AssertFails(await RunAsync(Settings("https://oidc.test/cluster-a?x=1")), IssuerHasQueryOrFragment, "?x=1");
    }

    [Fact]
    public async Task Forbidden_discovery_is_not_public()
    {
        _public.Routes["/cluster-a/.well-known/openid-configuration"] = new(403, "<Error>AccessDenied</Error>");
        AssertFails(await RunAsync(Settings()), DiscoveryNotPublic, "403");
    }

    [Fact]
    public async Task Missing_jwks_is_unreachable()
    {
        _public.Routes.TryRemove("/cluster-a/openid/v1/jwks", out _);
        AssertFails(await RunAsync(Settings()), JwksUnreachable, "HTTP 404");
    }

    [Fact]
    public async Task Slow_jwks_is_named()
    {
        _public.Routes["/cluster-a/openid/v1/jwks"] = _public.Routes["/cluster-a/openid/v1/jwks"] with { Delay = TimeSpan.FromMilliseconds(400) };
        // The threshold is lowered so the test does not wait AWS's real 5 s; the delay always exceeds it.
        AssertFails(await RunAsync(Settings() with { SlowThreshold = TimeSpan.FromMilliseconds(100) }), JwksSlow, "AWS gives up");
    }

    [Fact]
    public async Task Jwks_uri_outside_the_issuer_is_named()
    {
        PublishHealthy((d, _) => d["jwks_uri"] = "https://10.0.0.1:6443/openid/v1/jwks");
        AssertFails(await RunAsync(Settings()), JwksUriNotUnderIssuer, "https://10.0.0.1:6443/openid/v1/jwks");
    }

    [Fact]
    public async Task Stale_public_keys_after_rotation_are_named()
    {
        PublishHealthy();
        var newKid = _api.Rotate().Kid;
        AssertFails(await RunAsync(Settings()), StaleKeys, newKid);
    }

    [Fact]
    public async Task Certificate_members_and_missing_key_fields_are_named()
    {
        PublishHealthy((_, jwks) =>
        {
            var key = jwks["keys"]![0]!.AsObject();
            key["x5c"] = new JsonArray("MIIB");
            key.Remove("alg");
            key["use"] = "enc";
        });
        var findings = await RunAsync(Settings());
        AssertFails(findings, X5cPresent, _api.CurrentKey.Kid);
        AssertFails(findings, KeyFieldsMissing, "alg, use:sig");
    }

    [Fact]
    public async Task Empty_public_key_set_is_named()
    {
        PublishHealthy((_, jwks) => jwks["keys"] = new JsonArray());
        AssertFails(await RunAsync(Settings()), JwksEmpty, "no keys");
    }

    [Fact]
    public async Task Certificate_from_an_untrusted_ca_is_named()
    {
        using var otherCa = new TestCertificates("Private CA");
        await using var host = await FakePublicServer.StartAsync(otherCa.Issue("oidc.test"));
        foreach (var (path, response) in _public.Routes)
        {
            host.Routes[path] = response;
        }

        var findings = await RunAsync(Settings() with { Http = host.HttpSettings(_certs.Roots) });
        AssertFails(findings, TlsUntrusted, "not publicly trusted");
        Assert.Equal(FindingStatus.Pass, Assert.Single(findings, f => f.Name == StaleKeys).Status);
    }

    [Fact]
    public async Task Certificate_expiring_soon_is_a_warning()
    {
        await using var host = await FakePublicServer.StartAsync(_certs.Issue("oidc.test", DateTimeOffset.UtcNow.AddDays(3)));
        foreach (var (path, response) in _public.Routes)
        {
            host.Routes[path] = response;
        }

        var findings = await RunAsync(Settings() with { Http = host.HttpSettings(_certs.Roots) });
        var expiring = Assert.Single(findings, f => f.Name == TlsExpiring);
        Assert.Equal(FindingStatus.Warn, expiring.Status);
        Assert.DoesNotContain(findings, f => f.Status == FindingStatus.Fail);
    }

    [Fact]
    public async Task An_issuer_never_reached_skips_the_public_access_check_instead_of_passing_it()
    {
        int closedPort;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var settings = Settings() with
        {
            Http = new PodIdentity.Discovery.Http.PublicHttpSettings { Resolve = _ => new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, closedPort), TrustedRoots = _certs.Roots, Timeout = TimeSpan.FromSeconds(10) },
        };
        var findings = await RunAsync(settings);

        var access = Assert.Single(findings, f => f.Name == DiscoveryNotPublic);
        Assert.Equal(FindingStatus.Skip, access.Status);
        Assert.Contains("no HTTP answer", access.Detail, StringComparison.Ordinal);
        AssertFails(findings, DiscoveryUnreachable, "GET https://oidc.test/cluster-a/.well-known/openid-configuration");
    }

    [Fact]
    public async Task A_jwks_body_past_the_limit_is_not_read_whole()
    {
        // Sent chunked (no Content-Length), so the limit is enforced while reading.
        _public.Routes["/cluster-a/openid/v1/jwks"] = new(200, "{\"keys\":[],\"pad\":\"" + new string('x', 200_000) + "\"}");
        var findings = await RunAsync(Settings() with { MaxBodyBytes = 64 * 1024 });

        AssertFails(findings, JwksUnreachable, "sent more than 65536 bytes");
        Assert.Equal(FindingStatus.Skip, Assert.Single(findings, f => f.Name == JwksEmpty).Status);
    }

    [Fact]
    public async Task Unreachable_api_server_is_reported_not_skipped_silently()
    {
        await _api.StopAsync();
        var findings = await RunAsync(Settings());
        Assert.Equal(FindingStatus.Warn, Assert.Single(findings, f => f.Name == ApiServerUnreachable).Status);
        Assert.Equal(FindingStatus.Skip, Assert.Single(findings, f => f.Name == StaleKeys).Status);
    }

    [Fact]
    public async Task A_valid_token_verifies_against_the_public_keys()
    {
        var findings = await RunWithTokenAsync(_api.CurrentKey.Sign(Issuer, "sts.amazonaws.com", DateTimeOffset.UtcNow.AddHours(1)), "sts.amazonaws.com");
        foreach (var name in new[] { TokenUnreadable, TokenIssuerMismatch, TokenAudienceMismatch, TokenKidUnknown, TokenSignatureInvalid, TokenExpired })
        {
            Assert.Equal(FindingStatus.Pass, Assert.Single(findings, f => f.Name == name).Status);
        }
    }

    [Fact]
    public async Task Token_with_wrong_iss_aud_and_expired_is_named()
    {
        var token = _api.CurrentKey.Sign("https://kubernetes.default.svc", "other", DateTimeOffset.UtcNow.AddHours(-1));
        var findings = await RunWithTokenAsync(token, "sts.amazonaws.com");
        AssertFails(findings, TokenIssuerMismatch, "https://kubernetes.default.svc");
        AssertFails(findings, TokenAudienceMismatch, "sts.amazonaws.com");
        AssertFails(findings, TokenExpired, "expired");
        Assert.Equal(FindingStatus.Pass, Assert.Single(findings, f => f.Name == TokenSignatureInvalid).Status);
    }

    [Fact]
    public async Task Token_signed_by_an_unpublished_key_or_forged_is_named()
    {
        using var stranger = new TestKey();
        AssertFails(await RunWithTokenAsync(stranger.Sign(Issuer, "aud", DateTimeOffset.UtcNow.AddHours(1)), "aud"), TokenKidUnknown, stranger.Kid);
        var forged = stranger.Sign(Issuer, "aud", DateTimeOffset.UtcNow.AddHours(1), kid: _api.CurrentKey.Kid);
        AssertFails(await RunWithTokenAsync(forged, "aud"), TokenSignatureInvalid, "does not verify");
    }

    private async Task<IReadOnlyList<Finding>> RunWithTokenAsync(string token, string audience)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, token);
            return await RunAsync(Settings() with { TokenFile = file, Audience = audience });
        }
        finally
        {
            File.Delete(file);
        }
    }
}
