using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.ServiceAccounts;
using PodIdentity.Webhook.Demo;
using PodIdentity.Webhook.Mutation;
using PodIdentity.Webhook.Tests.Support;
using PodIdentity.Webhook.Tls;

namespace PodIdentity.Webhook.Tests.Demo;

public sealed class DemoModeTests
{
    [Fact]
    public async Task Serve_demo_prints_a_curl_line_whose_review_is_mutated()
    {
        var (app, banner, output) = await StartDemoAsync();
        await using var _ = app;
        try
        {
            var text = banner.ToString();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            var reviewFile = Path.Combine(output, DemoBanner.ReviewFile);
            Assert.Contains("demo/s3-reader", text, StringComparison.Ordinal);
            Assert.Contains($"curl -s --cacert {Path.Combine(output, DemoBanner.CertificateFile)} {address}/mutate -H 'Content-Type: application/json' --data @{reviewFile} | python3 -c ", text, StringComparison.Ordinal);

            // Exactly what curl does: trust the printed certificate, post the printed file.
            var certificate = app.Services.GetRequiredService<CertificateStore>().Current!.Certificate;
            using var client = WebhookServer.CreateClient(certificate, new Uri(address));
            using var message = await client.PostAsync("/mutate", Reviews.Json(Encoding.UTF8.GetString(await File.ReadAllBytesAsync(reviewFile))));
            var response = await Reviews.ReadResponseAsync(message);
            Assert.True((bool)response["allowed"]!);
            Assert.Contains("AWS_ROLE_ARN", Reviews.Patch(response).ToJsonString(), StringComparison.Ordinal);

            using var ready = await client.GetAsync("/readyz");
            Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        }
        finally
        {
            await app.StopAsync();
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_demo_posts_its_sample_and_prints_the_decoded_patch()
    {
        var (app, banner, output) = await StartDemoAsync();
        await using var _ = app;
        try
        {
            // The sample request runs in the background once the server listens; wait for its output (bounded).
            var deadline = DateTime.UtcNow.AddSeconds(30);
            string Text()
            {
                lock (banner)
                {
                    return banner.ToString();
                }
            }

            while (!Text().Contains("Sample review posted", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            var text = Text();
            Assert.Contains(": HTTP 200; the response with its JSON Patch decoded:", text, StringComparison.Ordinal);
            Assert.Contains("\"allowed\": true", text, StringComparison.Ordinal);
            Assert.Contains("\"name\": \"AWS_ROLE_ARN\"", text, StringComparison.Ordinal);
            Assert.Contains("\"path\": \"/spec/volumes\"", text, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void ServiceAccounts_load_from_a_glob_a_folder_or_a_file_relative_to_the_repository_root()
    {
        var elsewhere = Path.GetTempPath();

        var glob = DemoServiceAccounts.Load(DemoOptions.DefaultServiceAccounts, elsewhere);
        var folder = DemoServiceAccounts.Load("deploy/examples", elsewhere);
        var file = DemoServiceAccounts.Load(Path.Combine(RepositoryPaths.Root, "deploy", "examples", "aws", "serviceaccount.yaml"), elsewhere);

        foreach (var loaded in new[] { glob, folder, file })
        {
            Assert.Contains(loaded.Accounts, a => a.Metadata.Name == "s3-reader" && a.Metadata.NamespaceProperty == "demo");
        }
    }

    [Fact]
    public async Task Lookup_answers_from_the_files_and_says_not_found_otherwise()
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()).AddPodMutation();
        using var provider = services.BuildServiceProvider();
        var accounts = new DemoServiceAccountLookup(DemoServiceAccounts.Load("deploy/examples", RepositoryPaths.Root), provider.GetRequiredService<PodMutator>());

        var found = await accounts.FindAsync("demo", "s3-reader", CancellationToken.None);
        var missing = await accounts.FindAsync("demo", "nobody", CancellationToken.None);

        Assert.Equal(ServiceAccountSource.Cache, found.Source);
        Assert.True(found.Account?.IsReadByProvider);
        Assert.Null(missing.Account);
        Assert.Equal(ServiceAccountSource.NotFound, missing.Source);
    }

    [Fact]
    public async Task Without_Demo_OutputDirectory_each_port_gets_its_own_folder()
    {
        var banner = new StringWriter();
        await using var app = WebhookApp.Build(
            ["--demo", "--urls", "https://127.0.0.1:0", "--Demo:PostSample", "false", "--Logging:Format", "console"],
            builder => builder.Services.AddSingleton(new DemoConsole(banner)));
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
        var expected = Path.Combine(Path.GetTempPath(), $"pod-identity-webhook-demo-{port}");
        try
        {
            Assert.Contains($"--cacert {Path.Combine(expected, DemoBanner.CertificateFile)} ", banner.ToString(), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(expected, DemoBanner.ReviewFile)));
        }
        finally
        {
            await app.StopAsync();
            Directory.Delete(expected, recursive: true);
        }
    }

    /// <summary>`serve --demo` on a free port, its banner captured, its files in a fresh folder.</summary>
    private static async Task<(WebApplication App, StringWriter Banner, string Output)> StartDemoAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), $"webhook-demo-{Guid.NewGuid():N}");
        var banner = new StringWriter();
        var app = WebhookApp.Build(
            ["--demo", "--urls", "https://127.0.0.1:0", "--Demo:OutputDirectory", output, "--Logging:Format", "console"],
            builder => builder.Services.AddSingleton(new DemoConsole(banner)));
        await app.StartAsync();
        return (app, banner, output);
    }
}
