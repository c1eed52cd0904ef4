using System.Net;
using PodIdentity.Webhook.Tests.Support;

namespace PodIdentity.Webhook.Tests.Health;

public sealed class HealthAndMetricsTests
{
    [Fact]
    public async Task Readyz_is_503_until_ServiceAccounts_and_certificate_are_loaded()
    {
        var lookup = new FakeServiceAccountLookup { Ready = false };
        await using var server = await WebhookServer.StartAsync(lookup, writeCertificate: false);
        using var plain = server.CreatePlainClient();

        using (var healthz = await plain.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        }

        using (var notReady = await plain.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            var text = await notReady.Content.ReadAsStringAsync();
            Assert.Contains("ServiceAccounts not loaded yet", text, StringComparison.Ordinal);
            Assert.Contains("no serving certificate loaded", text, StringComparison.Ordinal);
        }

        // No certificate: HTTPS handshakes fail rather than serve anything.
        using (var https = server.CreateClient())
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => https.GetAsync("/healthz"));
        }

        lookup.Ready = true;
        using (var stillNotReady = await plain.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, stillNotReady.StatusCode);
            Assert.DoesNotContain("ServiceAccounts", await stillNotReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        server.CertDirectory.Write(server.Certificates.Issue("late"));
        await Eventually.TrueAsync(async () =>
        {
            using var response = await plain.GetAsync("/readyz");
            return response.StatusCode == HttpStatusCode.OK;
        }, "/readyz to turn 200 once the certificate appears");

        using var client = server.CreateClient();
        using var overHttps = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, overHttps.StatusCode);
        Assert.Equal("ok\n", await overHttps.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_count_reviews_by_outcome_and_are_served_on_the_plain_listener_only()
    {
        var lookup = new FakeServiceAccountLookup()
            .Add("demo", "s3-reader", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:role/s3-reader" })
            .Add("demo", "bad", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "nope" });
        await using var server = await WebhookServer.StartAsync(lookup);
        using var client = server.CreateClient();
        (await client.PostAsync("/mutate", Reviews.Json(Reviews.PodCreate("1", "demo", "s3-reader")))).Dispose();
        (await client.PostAsync("/mutate", Reviews.Json(Reviews.PodCreate("2", "demo", "nobody")))).Dispose();
        (await client.PostAsync("/mutate", Reviews.Json(Reviews.PodCreate("3", "demo", "bad")))).Dispose();
        (await client.PostAsync("/mutate", Reviews.Json("not json"))).Dispose();

        using var plain = server.CreatePlainClient();
        using var response = await plain.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Contains("pod_identity_webhook_reviews_total{outcome=\"mutated\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("pod_identity_webhook_reviews_total{outcome=\"skipped\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("pod_identity_webhook_reviews_total{outcome=\"denied\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("pod_identity_webhook_reviews_total{outcome=\"error\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("pod_identity_webhook_mutation_duration_seconds_count 4", text, StringComparison.Ordinal);
        Assert.Contains("pod_identity_webhook_provider_injections_total{provider=\"aws\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("pod_identity_webhook_certificate_expiry_timestamp_seconds ", text, StringComparison.Ordinal);
        Assert.Contains("pod_identity_webhook_serviceaccount_cache_size", text, StringComparison.Ordinal);

        // Series with known label values exist at zero before their first event.
        Assert.Contains("pod_identity_webhook_provider_injections_total{provider=\"gcp\"} 0", text, StringComparison.Ordinal);
        foreach (var result in new[] { "found", "not_found", "error", "rejected" })
        {
            Assert.Contains($"pod_identity_webhook_serviceaccount_fallback_lookups_total{{result=\"{result}\"}} 0", text, StringComparison.Ordinal);
        }

        foreach (var reason in new[] { "closed", "error", "gone", "silent" })
        {
            Assert.Contains($"pod_identity_webhook_serviceaccount_watch_restarts_total{{reason=\"{reason}\"}} 0", text, StringComparison.Ordinal);
        }

        Assert.Contains("pod_identity_webhook_certificate_reloads_total{result=\"failed\"} 0", text, StringComparison.Ordinal);
        Assert.Matches(@"pod_identity_webhook_build_info\{version=""[^""]+"",runtime="".NET [^""]+"",compilation=""(jit|native_aot)""\} 1", text);
        Assert.Contains("# HELP pod_identity_webhook_mutation_duration_seconds Time from the start of a /mutate request", text, StringComparison.Ordinal);
        Assert.Contains("process_cpu_seconds_total ", text, StringComparison.Ordinal);
        Assert.Contains("process_working_set_bytes ", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_collection_count_total", text, StringComparison.Ordinal);

        using var overHttps = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, overHttps.StatusCode);
    }
}
