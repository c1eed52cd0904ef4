using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using PodIdentity.Discovery.Publishing;
using PodIdentity.Discovery.Tests.Infrastructure;

namespace PodIdentity.Discovery.Tests.Publishing;

public sealed class PublishCycleTests(ITestOutputHelper output)
{
    private const string Issuer = "https://oidc.test/cluster-a";
    private static readonly CommandLineRequest Serve = new(DiscoveryCommand.Serve, Once: true);

    private static string[] PublishedKids(PublishedDocuments documents) =>
        [.. JsonNode.Parse(documents.Jwks.Content)!["keys"]!.AsArray().Select(k => (string)k!["kid"]!)];

    [Fact]
    public async Task Rotation_keeps_the_old_key_for_the_retention_window_then_drops_it()
    {
        await using var api = await FakeApiServer.StartAsync(Issuer);
        var time = new ManualTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var app = TestHost.Build(Serve, api, new Dictionary<string, string?> { ["Discovery:KeyRetention"] = "02:00:00" }, time);
        var cycle = app.Services.GetRequiredService<PublishCycle>();
        var oldKid = api.CurrentKey.Kid;

        var first = await cycle.RunOnceAsync(CancellationToken.None);
        Assert.True(first.Outcome == CycleOutcome.Published, string.Join("; ", first.Problems));
        Assert.Equal([oldKid], PublishedKids(first.Documents!));

        var newKid = api.Rotate().Kid;
        time.Advance(TimeSpan.FromMinutes(1));
        var second = await cycle.RunOnceAsync(CancellationToken.None);
        Assert.Equal([newKid, oldKid], PublishedKids(second.Documents!));
        Assert.Equal(1, second.Documents!.State.RetainedCount);

        time.Advance(TimeSpan.FromHours(1));
        var third = await cycle.RunOnceAsync(CancellationToken.None);
        Assert.Equal([newKid, oldKid], PublishedKids(third.Documents!));

        time.Advance(TimeSpan.FromHours(1));
        var fourth = await cycle.RunOnceAsync(CancellationToken.None);
        Assert.Equal([newKid], PublishedKids(fourth.Documents!));
        output.WriteLine($"cycle durations: {string.Join(", ", new[] { first, second, third, fourth }.Select(r => $"{r.Elapsed.TotalMilliseconds:F1} ms"))}");
    }

    [Fact]
    public async Task A_failed_check_publishes_nothing_and_names_the_field()
    {
        await using var api = await FakeApiServer.StartAsync(Issuer);
        await using var app = TestHost.Build(Serve, api);
        var cycle = app.Services.GetRequiredService<PublishCycle>();
        var store = app.Services.GetRequiredService<ServeTarget>();
        var good = await cycle.RunOnceAsync(CancellationToken.None);
        Assert.Equal(CycleOutcome.Published, good.Outcome);
        var goodEtag = store.Current!.Jwks.ETag;

        api.Rotate();
        api.Mutate = (_, jwks) => jwks["keys"]![0]!.AsObject().Remove("alg");
        var bad = await cycle.RunOnceAsync(CancellationToken.None);

        Assert.Equal(CycleOutcome.CheckFailed, bad.Outcome);
        Assert.Contains(bad.Problems, p => p.StartsWith($"jwks.keys[0] (kid {api.CurrentKey.Kid}).alg: is missing", StringComparison.Ordinal));
        Assert.Equal(goodEtag, store.Current!.Jwks.ETag);
    }

    [Fact]
    public async Task Issuer_with_a_different_trailing_slash_is_refused()
    {
        await using var api = await FakeApiServer.StartAsync(Issuer + "/");
        await using var app = TestHost.Build(Serve, api, new Dictionary<string, string?> { ["Discovery:Issuer"] = Issuer });
        var report = await app.Services.GetRequiredService<PublishCycle>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(CycleOutcome.CheckFailed, report.Outcome);
        var problem = Assert.Single(report.Problems, p => p.StartsWith("openid-configuration.issuer", StringComparison.Ordinal));
        Assert.Contains("trailing slash differs", problem, StringComparison.Ordinal);
        Assert.Null(app.Services.GetRequiredService<ServeTarget>().Current);
    }

    [Fact]
    public async Task Api_server_errors_are_a_source_failure_and_keep_the_last_good_copy()
    {
        await using var api = await FakeApiServer.StartAsync(Issuer);
        await using var app = TestHost.Build(Serve, api);
        var cycle = app.Services.GetRequiredService<PublishCycle>();
        Assert.Equal(CycleOutcome.Published, (await cycle.RunOnceAsync(CancellationToken.None)).Outcome);
        var before = app.Services.GetRequiredService<ServeTarget>().Current;

        api.Fail500 = true;
        var failed = await cycle.RunOnceAsync(CancellationToken.None);
        Assert.Equal(CycleOutcome.SourceFailed, failed.Outcome);

        await api.StopAsync();
        var refused = await cycle.RunOnceAsync(CancellationToken.None);
        Assert.Equal(CycleOutcome.SourceFailed, refused.Outcome);
        Assert.Same(before, app.Services.GetRequiredService<ServeTarget>().Current);
    }

    [Fact]
    public async Task Certificate_members_are_stripped_before_publishing()
    {
        await using var api = await FakeApiServer.StartAsync(Issuer);
        api.Mutate = (_, jwks) =>
        {
            jwks["keys"]![0]!["x5c"] = new JsonArray("MIIB");
            jwks["keys"]![0]!["x5t"] = "abc";
        };
        await using var app = TestHost.Build(Serve, api);
        var report = await app.Services.GetRequiredService<PublishCycle>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(CycleOutcome.Published, report.Outcome);
        var key = JsonNode.Parse(report.Documents!.Jwks.Content)!["keys"]![0]!.AsObject();
        Assert.False(key.ContainsKey("x5c"));
        Assert.False(key.ContainsKey("x5t"));
        Assert.Equal(api.CurrentKey.Kid, (string)key["kid"]!);
    }

    [Fact]
    public async Task Gcs_jwks_file_holds_only_members_gcp_accepts()
    {
        await using var api = await FakeApiServer.StartAsync(Issuer);
        api.Mutate = (_, jwks) => jwks["keys"]![0]!["x-extra"] = "dropped";
        var path = Path.Combine(Path.GetTempPath(), $"gcs-jwks-{Guid.NewGuid():N}.json");
        try
        {
            await using var app = TestHost.Build(new CommandLineRequest(DiscoveryCommand.Publish, Once: true, GcsJwksFile: path), api);
            var report = await app.Services.GetRequiredService<PublishCycle>().RunOnceAsync(CancellationToken.None);

            Assert.Equal(CycleOutcome.Published, report.Outcome);
            var key = JsonNode.Parse(await File.ReadAllTextAsync(path))!["keys"]!.AsArray().Single()!.AsObject();
            Assert.Equal(new[] { "alg", "e", "kid", "kty", "n", "use" }, key.Select(p => p.Key).Order(StringComparer.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
