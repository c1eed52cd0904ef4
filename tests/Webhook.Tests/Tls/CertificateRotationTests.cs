using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using PodIdentity.Webhook.Observability;
using PodIdentity.Webhook.Tests.Support;
using PodIdentity.Webhook.Tls;

namespace PodIdentity.Webhook.Tests.Tls;

public sealed class CertificateRotationTests
{
    [Fact]
    public async Task Kubelet_style_swap_serves_the_new_certificate_to_new_connections_without_failing_a_request()
    {
        var lookup = new FakeServiceAccountLookup()
            .Add("demo", "s3-reader", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:role/s3-reader" });
        await using var server = await WebhookServer.StartAsync(lookup);
        var certificateA = server.App.Services.GetRequiredService<CertificateStore>().Current!.Thumbprint;
        Assert.Equal(certificateA, await ThumbprintOfNewConnectionAsync(server));

        // Traffic throughout the swap, on short-lived pooled connections so handshakes happen during it.
        var failures = new ConcurrentQueue<string>();
        var succeeded = 0;
        using var stop = new CancellationTokenSource();
        var traffic = Task.Run(async () =>
        {
            using var client = server.CreateClient(handler => handler.PooledConnectionLifetime = TimeSpan.FromMilliseconds(50));
            var i = 0;
            while (!stop.IsCancellationRequested && i < 20_000)
            {
                try
                {
                    using var message = await client.PostAsync("/mutate", Reviews.Json(Reviews.PodCreate($"rotation-{i++}", "demo", "s3-reader")));
                    var response = await Reviews.ReadResponseAsync(message);
                    if ((string?)response["patchType"] != "JSONPatch")
                    {
                        failures.Enqueue($"no patch: {response.ToJsonString()}");
                    }
                    else
                    {
                        Interlocked.Increment(ref succeeded);
                    }
                }
                catch (Exception e)
                {
                    failures.Enqueue(e.ToString());
                }
            }
        });

        await Eventually.TrueAsync(() => Volatile.Read(ref succeeded) > 20, "traffic before the swap");
        var pairB = server.Certificates.Issue("webhook B");
        server.CertDirectory.Write(pairB);

        await Eventually.TrueAsync(async () => await ThumbprintOfNewConnectionAsync(server) == pairB.Thumbprint, "a new connection to present certificate B");
        var afterSwap = Volatile.Read(ref succeeded);
        await Eventually.TrueAsync(() => Volatile.Read(ref succeeded) > afterSwap + 20, "traffic after the swap");

        // A pair whose key is not the certificate's: B stays, the failure is counted.
        var metrics = server.App.Services.GetRequiredService<WebhookMetrics>();
        var failedBefore = metrics.CertificateReloads.WithLabels("failed").Value;
        var pairC = server.Certificates.Issue("webhook C");
        server.CertDirectory.Write(pairC.CertificatePem, pairB.KeyPem);
        await Eventually.TrueAsync(() => metrics.CertificateReloads.WithLabels("failed").Value > failedBefore, "the mismatched pair to be rejected");
        Assert.Equal(pairB.Thumbprint, server.App.Services.GetRequiredService<CertificateStore>().Current!.Thumbprint);
        Assert.Equal(pairB.Thumbprint, await ThumbprintOfNewConnectionAsync(server));
        var afterBadSwap = Volatile.Read(ref succeeded);
        await Eventually.TrueAsync(() => Volatile.Read(ref succeeded) > afterBadSwap + 20, "traffic after the bad swap");

        await stop.CancelAsync();
        await traffic;
        Assert.True(failures.IsEmpty, $"{failures.Count} failed requests; first: {failures.FirstOrDefault()}");
        Assert.Contains(server.Logs.Entries, e => e.EventId == 2002);
        Assert.Contains(server.Logs.Entries, e => e.EventId == 2003 && e.Message.Contains(pairB.Thumbprint, StringComparison.Ordinal));
        Assert.Contains("pod_identity_webhook_certificate_reloads_total{result=\"failed\"}", await server.CreatePlainClient().GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expiry_gauge_holds_the_certificate_NotAfter()
    {
        await using var server = await WebhookServer.StartAsync();
        var current = server.App.Services.GetRequiredService<CertificateStore>().Current!;

        var metrics = server.App.Services.GetRequiredService<WebhookMetrics>();

        Assert.Equal(current.NotAfter.ToUnixTimeSeconds(), metrics.CertificateExpiry.Value);
    }

    [Fact]
    public void Load_rejects_a_key_that_does_not_match_and_keeps_intermediates()
    {
        using var certificates = new TestCertificates();
        var a = certificates.Issue("a");
        var b = certificates.Issue("b");

        Assert.ThrowsAny<Exception>(() => CertificateStore.Load(Utf8(a.CertificatePem), Utf8(b.KeyPem)));
        var loaded = CertificateStore.Load(Utf8(a.CertificatePem + certificates.Ca.ExportCertificatePem() + "\n"), Utf8(a.KeyPem));
        Assert.Equal(a.Thumbprint, loaded.Thumbprint);
        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Equal(certificates.Ca.Thumbprint, Assert.Single(loaded.Intermediates).Thumbprint);
    }

    private static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static async Task<string?> ThumbprintOfNewConnectionAsync(WebhookServer server)
    {
        string? thumbprint = null;
        using var client = server.CreateClient(onServerCertificate: (X509Certificate2 c) => thumbprint = c.Thumbprint);
        using var response = await client.GetAsync("/healthz");
        response.EnsureSuccessStatusCode();
        return thumbprint;
    }
}
