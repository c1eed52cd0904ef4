using System.Net;
using System.Text.RegularExpressions;
using PodIdentity.Webhook.Tests.Support;

namespace PodIdentity.Webhook.Tests.Hosting;

/// <summary>Runs after the parallel tests, alone: publishing the native binary takes both cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeBinaryGroup : ICollectionFixture<NativeWebhookBinary>
{
    public const string Name = "native binary";
}

/// <summary>
/// The Native AOT binary the image ships, end to end: trimming and ahead-of-time compilation break
/// things only at run time (reflection, generated serializers, configuration binding), so the paths
/// a cluster uses run here through the real executable, not the JIT build the other tests load.
/// </summary>
[Collection(NativeBinaryGroup.Name)]
public sealed partial class NativeBinaryTests(NativeWebhookBinary binary)
{
    private const string RoleArn = "arn:aws:iam::111122223333:role/app";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Serve_with_a_kubeconfig_lists_watches_relists_after_410_and_mutates()
    {
        await using var api = await FakeApiServer.FakeApiServer.StartAsync(seed: fake =>
            fake.Add("team-a", "app", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = RoleArn }));
        using var certificates = new TestCertificates();
        using var secret = new KubeletSecretDirectory();
        secret.Write(certificates.Issue("webhook"));
        using var kubeconfig = new Kubeconfig(api.Url);
        var metricsPort = FreePort();
        using var webhook = NativeProcess.Start(binary.Path,
        [
            "serve", "--urls", "https://127.0.0.1:0", "--Server:MetricsPort", metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--Tls:CertDirectory", secret.Path,
            "--Logging:Format", "console", "--ServiceAccountCache:Kubeconfig", kubeconfig.Path,
            "--ServiceAccountCache:ResyncBackoffInitial", "00:00:00.100",
        ]);
        var https = await HttpsListenerAsync(webhook);
        using var client = WebhookServer.CreateClient(certificates.Ca, https);
        using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        await Eventually.TrueAsync(async () => (await plain.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "readiness after the first list");

        var first = await Reviews.ReadResponseAsync(await client.PostAsync("/mutate", Reviews.Json(Reviews.PodCreate("uid-1", "team-a", "app"))));
        Assert.True((bool)first["allowed"]!, webhook.Output);
        Assert.Equal("uid-1", (string?)first["uid"]);
        Assert.Contains(RoleArn, Reviews.Patch(first).ToJsonString(), StringComparison.Ordinal);

        // Watch events reach the cache: a ServiceAccount added after the list is served from it.
        await Eventually.TrueAsync(() => api.OpenWatches > 0, "a watch open against the fake API server");
        api.Add("team-b", "watched", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:role/watched" });
        await Eventually.TrueAsync(async () => (await plain.GetStringAsync("/metrics")).Contains("pod_identity_webhook_serviceaccount_cache_size 2", StringComparison.Ordinal), "the watched ServiceAccount in the cache");

        // 410 Gone: the API server is away while a ServiceAccount is added and its history is
        // compacted; the reopened watch gets an ERROR event whose Status says 410, and a relist follows.
        var lists = api.Count(FakeApiServer.FakeRequestKind.List);
        api.GoDown();
        api.Add("team-c", "relisted", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:role/relisted" });
        api.CompactHistory();
        api.ComeBack();
        await Eventually.TrueAsync(() => api.Count(FakeApiServer.FakeRequestKind.List) > lists, "a relist after 410 Gone");
        var relisted = await Reviews.ReadResponseAsync(await client.PostAsync("/mutate", Reviews.Json(Reviews.PodCreate("uid-3", "team-c", "relisted"))));
        Assert.Contains("role/relisted", Reviews.Patch(relisted).ToJsonString(), StringComparison.Ordinal);

        // A body that is not an AdmissionReview: 400 with a reason, from the generated deserializer.
        var bad = await client.PostAsync("/mutate", new StringContent("{\"kind\":", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        Assert.Equal(0, webhook.Terminate(Bound));
        Assert.Contains("ServiceAccount informer stopped", webhook.Output, StringComparison.Ordinal);

        // As built for the image: compiled ahead of time, Workstation GC (the project's setting).
        Assert.Contains(", Native AOT, Workstation GC, ", webhook.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_demo_posts_its_sample_and_prints_the_patch()
    {
        var output = Path.Combine(Path.GetTempPath(), $"native-demo-{Guid.NewGuid():N}");
        using var webhook = NativeProcess.Start(binary.Path, ["serve", "--demo", "--urls", "https://127.0.0.1:0", "--Demo:OutputDirectory", output]);
        try
        {
            await Eventually.TrueAsync(() => webhook.Output.Contains("Sample review posted", StringComparison.Ordinal) || webhook.HasExited, "the demo's sample review", 60);

            Assert.Contains(": HTTP 200; the response with its JSON Patch decoded:", webhook.Output, StringComparison.Ordinal);
            Assert.Contains("\"name\": \"AWS_ROLE_ARN\"", webhook.Output, StringComparison.Ordinal);
            Assert.Equal(0, webhook.Terminate(Bound));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    public static IEnumerable<object[]> ExampleFolders => Preview.PreviewCommandTests.ExampleFolders;

    [Theory]
    [MemberData(nameof(ExampleFolders))]
    public void Preview_of_each_example_matches_the_golden_pod(string cloud)
    {
        var (exit, output) = NativeProcess.Run(binary.Path, ["preview", .. Preview.PreviewCommandTests.ExampleArguments(cloud)], Bound);

        Assert.True(exit == 0, output);
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryPaths.Fixtures, "preview", cloud + ".yaml")), output);
    }

    [Theory]
    [InlineData("--Aws:TokenExpirationSeconds", "5", "Aws:TokenExpirationSeconds 5 is invalid")]
    [InlineData("--Mutation:InvalidAnnotations", "Maybe", "Expected \"Deny\" (reject pods with invalid annotations) or \"Warn\"")]
    [InlineData("--Serilog:MinimumLevel:Default", "Loud", "Serilog:MinimumLevel:Default \"Loud\" is invalid")]
    [InlineData("--Tls:ReloadInterval", "soon", "Tls:ReloadInterval")]
    public void Bad_configuration_exits_2_with_one_line(string key, string value, string message)
    {
        var (exit, output) = NativeProcess.Run(binary.Path, ["serve", "--demo", "--urls", "https://127.0.0.1:0", key, value], Bound);

        Assert.True(exit == 2, output);
        Assert.StartsWith("error: invalid configuration: ", output, StringComparison.Ordinal);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--help" }, 0, "PodIdentity.Webhook [command] [options]")]
    [InlineData(new[] { "preview", "--help" }, 0, "--pod <file> (REQUIRED)")]
    [InlineData(new[] { "serve", "--version" }, 0, "+")]
    [InlineData(new[] { "serve", "--bogus" }, 2, "error: Unrecognized command or argument '--bogus'.")]
    public void The_command_line_works_ahead_of_time_compiled(string[] args, int expectedExit, string text)
    {
        // System.CommandLine under trimming and Native AOT: help, version and errors, no server started.
        var (exit, output) = NativeProcess.Run(binary.Path, args, Bound);

        Assert.True(exit == expectedExit, output);
        Assert.Contains(text, output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
    }

    private static async Task<Uri> HttpsListenerAsync(NativeProcess webhook)
    {
        var https = Match.Empty;
        await Eventually.TrueAsync(
            () =>
            {
                https = HttpsListener().Match(webhook.Output);
                return https.Success || webhook.HasExited;
            },
            "the HTTPS listener logged");
        Assert.True(https.Success, webhook.Output);
        return new Uri($"https://127.0.0.1:{https.Groups[1].Value}");
    }

    /// <summary>A port free a moment ago: the metrics listener takes a fixed port (0 switches it off).</summary>
    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Now listening on: https://127\.0\.0\.1:(\d+)")]
    private static partial Regex HttpsListener();
}
