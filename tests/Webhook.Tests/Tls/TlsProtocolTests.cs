using System.Net;
using System.Security.Authentication;
using PodIdentity.Webhook.Tests.Support;

namespace PodIdentity.Webhook.Tests.Tls;

public sealed class TlsProtocolTests
{
    [Fact]
    public async Task Http2_is_not_negotiated_by_default_and_TLS_11_is_refused()
    {
        await using var server = await WebhookServer.StartAsync();
        using var client = server.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);

#pragma warning disable SYSLIB0039, CA5397 // TLS 1.1 on purpose: the server must refuse it.
        using var old = server.CreateClient(handler => handler.SslOptions.EnabledSslProtocols = SslProtocols.Tls11);
#pragma warning restore SYSLIB0039, CA5397
        await Assert.ThrowsAsync<HttpRequestException>(() => old.GetAsync("/healthz"));

        using var tls12 = server.CreateClient(handler => handler.SslOptions.EnabledSslProtocols = SslProtocols.Tls12);
        using var ok = await tls12.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Http2_is_negotiated_only_behind_the_switch()
    {
        await using var server = await WebhookServer.StartAsync(args: ["--Tls:EnableHttp2", "true"]);
        using var client = server.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/mutate")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = Reviews.Json(Reviews.PodCreate("uid-h2", "demo", "nobody")),
        };
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("uid-h2", (string?)(await Reviews.ReadResponseAsync(response))["uid"]);
    }

    [Fact]
    public async Task Client_that_trusts_another_CA_is_refused()
    {
        await using var server = await WebhookServer.StartAsync();
        using var other = new TestCertificates("another CA");
        using var client = WebhookServer.CreateClient(other.Ca, server.Https);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/healthz"));
    }
}
