using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PodIdentity.Webhook.Tests.Support;

namespace PodIdentity.Webhook.Tests.Hosting;

/// <summary>
/// The whole webhook as a cluster runs it: `serve` with a kubeconfig (here pointing at the fake API
/// server), the real ServiceAccount cache, TLS from a kubelet-style secret folder, POST /mutate.
/// </summary>
public sealed class ClusterModeTests
{
    private const string RoleArn = "arn:aws:iam::111122223333:role/app";

    [Fact]
    public async Task Serve_reads_service_accounts_through_the_kubeconfig_and_mutates()
    {
        await using var api = await FakeApiServer.FakeApiServer.StartAsync(seed: fake =>
            fake.Add("team-a", "app", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = RoleArn }));
        using var certificates = new TestCertificates();
        using var secret = new KubeletSecretDirectory();
        secret.Write(certificates.Issue("webhook"));
        using var kubeconfig = new Kubeconfig(api.Url);
        await using var app = WebhookApp.Build(
        [
            "serve", "--urls", "https://127.0.0.1:0", "--Server:MetricsPort", "0",
            "--Tls:CertDirectory", secret.Path, "--Logging:Format", "console",
            "--ServiceAccountCache:Kubeconfig", kubeconfig.Path,
        ]);
        await app.StartAsync();
        try
        {
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
            using var client = WebhookServer.CreateClient(certificates.Ca, address);
            await Eventually.TrueAsync(async () => (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "readiness after the first list");

            var first = await Reviews.ReadResponseAsync(await client.PostAsync("/mutate", Reviews.Json(Reviews.PodCreate("uid-1", "team-a", "app"))));

            Assert.True((bool)first["allowed"]!);
            Assert.Contains(RoleArn, Reviews.Patch(first).ToJsonString(), StringComparison.Ordinal);

            // A ServiceAccount created a moment before its pod is injected, not missed.
            api.Add("team-b", "late", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:role/late" });
            var late = await Reviews.ReadResponseAsync(await client.PostAsync("/mutate", Reviews.Json(Reviews.PodCreate("uid-2", "team-b", "late"))));

            Assert.Contains("role/late", Reviews.Patch(late).ToJsonString(), StringComparison.Ordinal);
            Assert.Contains(api.Requests, r => r.Kind == FakeApiServer.FakeRequestKind.Watch);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
