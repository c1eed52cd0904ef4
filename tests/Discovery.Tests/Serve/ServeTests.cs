using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PodIdentity.Discovery.Publishing;
using PodIdentity.Discovery.Tests.Infrastructure;

namespace PodIdentity.Discovery.Tests.Serve;

/// <summary>`serve` over real HTTP on loopback.</summary>
public sealed class ServeTests
{
    private const string Issuer = "https://oidc.test/cluster-a";

    private static async Task<(Microsoft.AspNetCore.Builder.WebApplication App, HttpClient Http)> StartAsync(FakeApiServer api, bool loop = false)
    {
        var app = TestHost.Build(new CommandLineRequest(DiscoveryCommand.Serve, Once: !loop), api);
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = app.BaseAddress(), Timeout = TimeSpan.FromSeconds(10) });
    }

    [Fact]
    public async Task Serves_both_documents_with_json_cache_and_etag_headers()
    {
        await using var api = await FakeApiServer.StartAsync(Issuer);
        var (app, http) = await StartAsync(api);
        await using var _ = app;
        using var __ = http;
        await app.Services.GetRequiredService<PublishCycle>().RunOnceAsync(CancellationToken.None);

        foreach (var path in new[] { "/.well-known/openid-configuration", "/openid/v1/jwks", "/cluster-a/.well-known/openid-configuration", "/cluster-a/openid/v1/jwks" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("public, max-age=300", response.Headers.CacheControl?.ToString());
            Assert.NotNull(response.Headers.ETag);
        }

        var discovery = JsonNode.Parse(await http.GetStringAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative)))!;
        Assert.Equal(Issuer, (string)discovery["issuer"]!);
        var jwks = JsonNode.Parse(await http.GetStringAsync(new Uri("/openid/v1/jwks", UriKind.Relative)))!;
        Assert.Equal(api.CurrentKey.Kid, (string)jwks["keys"]![0]!["kid"]!);
    }

    [Fact]
    public async Task If_none_match_gives_304_until_a_rotation_changes_the_etag()
    {
        await using var api = await FakeApiServer.StartAsync(Issuer);
        var (app, http) = await StartAsync(api);
        await using var _ = app;
        using var __ = http;
        var cycle = app.Services.GetRequiredService<PublishCycle>();
        await cycle.RunOnceAsync(CancellationToken.None);

        using var first = await http.GetAsync(new Uri("/openid/v1/jwks", UriKind.Relative));
        var etag = first.Headers.ETag!;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/openid/v1/jwks");
        conditional.Headers.IfNoneMatch.Add(etag);
        using var notModified = await http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);

        api.Rotate();
        await cycle.RunOnceAsync(CancellationToken.None);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/openid/v1/jwks");
        again.Headers.IfNoneMatch.Add(etag);
        using var changed = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Equal(2, JsonNode.Parse(await changed.Content.ReadAsStringAsync())!["keys"]!.AsArray().Count);
    }

    [Fact]
    public async Task Jwk_set_media_type_is_honoured_when_asked_for()
    {
        await using var api = await FakeApiServer.StartAsync(Issuer);
        var (app, http) = await StartAsync(api);
        await using var _ = app;
        using var __ = http;
        await app.Services.GetRequiredService<PublishCycle>().RunOnceAsync(CancellationToken.None);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/openid/v1/jwks");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/jwk-set+json"));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jwk-set+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Api_server_outage_keeps_serving_the_last_good_copy_and_healthz_stays_ok()
    {
        await using var api = await FakeApiServer.StartAsync(Issuer);
        var (app, http) = await StartAsync(api);
        await using var _ = app;
        using var __ = http;
        var cycle = app.Services.GetRequiredService<PublishCycle>();
        await cycle.RunOnceAsync(CancellationToken.None);
        var before = await http.GetStringAsync(new Uri("/openid/v1/jwks", UriKind.Relative));

        await api.StopAsync();
        var outage = await cycle.RunOnceAsync(CancellationToken.None);
        Assert.Equal(CycleOutcome.SourceFailed, outage.Outcome);

        Assert.Equal(before, await http.GetStringAsync(new Uri("/openid/v1/jwks", UriKind.Relative)));
        using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var body = JsonNode.Parse(await health.Content.ReadAsStringAsync())!;
        Assert.Equal("SourceFailed", (string)body["lastOutcome"]!);
        Assert.Contains("API server", (string)body["problems"]![0]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Before_the_first_good_read_documents_and_healthz_are_503()
    {
        await using var api = await FakeApiServer.StartAsync(Issuer);
        api.Fail500 = true;
        var (app, http) = await StartAsync(api);
        await using var _ = app;
        using var __ = http;
        await app.Services.GetRequiredService<PublishCycle>().RunOnceAsync(CancellationToken.None);

        using var doc = await http.GetAsync(new Uri("/openid/v1/jwks", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, doc.StatusCode);
        using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
    }

    [Fact]
    public async Task The_loop_publishes_at_start_and_metrics_are_exposed()
    {
        await using var api = await FakeApiServer.StartAsync(Issuer);
        var (app, http) = await StartAsync(api, loop: true);
        await using var _ = app;
        using var __ = http;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while ((await http.GetAsync(new Uri("/healthz", UriKind.Relative), timeout.Token)).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(50, timeout.Token);
        }

        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("pod_identity_discovery_cycles_total{outcome=\"Published\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("pod_identity_discovery_published_keys{state=\"live\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("pod_identity_discovery_public_url_checks_total{result=\"mismatch\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("pod_identity_discovery_cycles_total{outcome=\"PublishFailed\"}", metrics, StringComparison.Ordinal);
        Assert.Matches(@"pod_identity_discovery_build_info\{version=""[^""]+"",runtime="".NET [^""]+""\} 1", metrics);
        Assert.Contains("process_cpu_seconds_total", metrics, StringComparison.Ordinal);
        Assert.Contains("pod_identity_discovery_publish_errors_total{target=\"serve\"} ", metrics, StringComparison.Ordinal);
    }
}
