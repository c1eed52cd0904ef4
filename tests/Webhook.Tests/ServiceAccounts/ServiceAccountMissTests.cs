using PodIdentity.Core.ServiceAccounts;
using PodIdentity.Webhook.ServiceAccounts;
using PodIdentity.Webhook.Tests.FakeApiServer;
using Xunit.Abstractions;
using Fake = PodIdentity.Webhook.Tests.FakeApiServer.FakeApiServer;

namespace PodIdentity.Webhook.Tests.ServiceAccounts;

/// <summary>A ServiceAccount missing from the cache: grace period for the watch, then one guarded direct read.</summary>
public sealed class ServiceAccountMissTests(ITestOutputHelper output)
{
    private const string RoleArn = "eks.amazonaws.com/role-arn";

    private static Dictionary<string, string> Role(string name) => new()
    {
        [RoleArn] = $"arn:aws:iam::111122223333:role/{name}",
        ["kubectl.kubernetes.io/last-applied-configuration"] = "{}",
    };

    [Fact]
    public async Task Account_created_a_moment_before_the_pod_is_delivered_by_the_watch_within_the_grace_period()
    {
        await using var fake = await Fake.StartAsync(seed: f => f.Add("apps", "other"));
        await using var cache = await CacheHarness.StartAsync(fake, output, new Dictionary<string, string?> { ["ServiceAccountCache:GracePeriod"] = "00:00:05" });
        await CacheHarness.WaitUntilAsync(() => fake.OpenWatches == 1, "the watch to open");

        fake.PauseWatches(); // the ADDED event is on its way but not delivered yet
        fake.Add("apps", "fresh", Role("fresh"));
        var lookup = cache.Lookup.FindAsync("apps", "fresh", CancellationToken.None).AsTask();
        await CacheHarness.WaitUntilAsync(() => cache.Metrics.CacheMisses.Value == 1, "the lookup to miss and wait for the watch");
        Assert.False(lookup.IsCompleted);
        fake.ResumeWatches();

        var result = await lookup.WaitAsync(CacheHarness.MaxWait);
        Assert.Equal(ServiceAccountSource.AfterGracePeriod, result.Source);
        Assert.Contains("role/fresh\"", cache.PatchFor(result.Account!), StringComparison.Ordinal);
        Assert.Equal(0, fake.Count(FakeRequestKind.Get));
    }

    [Fact]
    public async Task With_the_watch_stalled_the_account_is_found_by_one_direct_read_and_the_watch_later_takes_over()
    {
        await using var fake = await Fake.StartAsync(seed: f => f.Add("apps", "other"));
        await using var cache = await CacheHarness.StartAsync(fake, output, new Dictionary<string, string?> { ["ServiceAccountCache:GracePeriod"] = "00:00:00.100" });
        await CacheHarness.WaitUntilAsync(() => fake.OpenWatches == 1, "the watch to open");

        fake.PauseWatches();
        fake.Add("apps", "fresh", Role("v1"));
        var result = await cache.Lookup.FindAsync("apps", "fresh", CancellationToken.None);

        Assert.Equal(ServiceAccountSource.ApiServer, result.Source);
        Assert.Contains("role/v1\"", cache.PatchFor(result.Account!), StringComparison.Ordinal);
        Assert.Equal(1, fake.Count(FakeRequestKind.Get));
        Assert.Equal(1, cache.Metrics.FallbackLookups.WithLabels("found").Value);

        // The watch has not caught up, so the read result fills the gap; no second read.
        Assert.Equal(ServiceAccountSource.Cache, (await cache.Lookup.FindAsync("apps", "fresh", CancellationToken.None)).Source);
        Assert.Equal(1, fake.Count(FakeRequestKind.Get));

        // The watch remains the source of truth.
        fake.Update("apps", "fresh", Role("v2"));
        fake.ResumeWatches();
        await cache.WaitUntilCachedAsync("apps", "fresh", sa => cache.PatchFor(sa).Contains("role/v2\"", StringComparison.Ordinal));
        fake.Delete("apps", "fresh");
        await cache.WaitUntilGoneAsync("apps", "fresh");
    }

    [Fact]
    public async Task A_direct_read_older_than_the_watch_does_not_resurrect_a_deleted_account()
    {
        await using var fake = await Fake.StartAsync(seed: f => f.Add("apps", "web"));
        await using var cache = await CacheHarness.StartAsync(fake, output);
        var store = cache.Store;
        var stale = new k8s.Models.V1ServiceAccount
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "gone", NamespaceProperty = "apps", Uid = "u", ResourceVersion = "1000" },
        };

        var result = store.AddFromDirectRead(new ServiceAccountKey("apps", "gone"), stale);

        Assert.NotNull(result);
        Assert.False(store.TryGet(new ServiceAccountKey("apps", "gone"), out _));
    }

    [Fact]
    public async Task Missing_account_is_not_found_after_the_grace_period_and_one_direct_read()
    {
        await using var fake = await Fake.StartAsync(seed: f => f.Add("apps", "web"));
        await using var cache = await CacheHarness.StartAsync(fake, output);

        var result = await cache.Lookup.FindAsync("apps", "nobody", CancellationToken.None);

        Assert.Equal(ServiceAccountSource.NotFound, result.Source);
        Assert.Null(result.Account);
        Assert.Equal(1, fake.Count(FakeRequestKind.Get));
        Assert.Equal("/api/v1/namespaces/apps/serviceaccounts/nobody", fake.Requests.Single(r => r.Kind == FakeRequestKind.Get).Path);
        Assert.Equal(1, cache.Metrics.CacheMisses.Value);
        Assert.Equal(1, cache.Metrics.FallbackLookups.WithLabels("not_found").Value);
    }

    [Fact]
    public async Task The_request_budget_bounds_the_wait_and_yields_unavailable_not_an_exception()
    {
        await using var fake = await Fake.StartAsync(seed: f => f.Add("apps", "web"));
        await using var cache = await CacheHarness.StartAsync(fake, output, new Dictionary<string, string?> { ["ServiceAccountCache:GracePeriod"] = "00:00:05" });
        using var budget = new CancellationTokenSource();

        var lookup = cache.Lookup.FindAsync("apps", "nobody", budget.Token).AsTask();
        await CacheHarness.WaitUntilAsync(() => cache.Metrics.CacheMisses.Value == 1, "the lookup to wait for the watch");
        await budget.CancelAsync();
        var result = await lookup.WaitAsync(CacheHarness.MaxWait);

        Assert.Equal(ServiceAccountSource.Unavailable, result.Source);
        Assert.Contains("budget", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, fake.Count(FakeRequestKind.Get));
    }

    [Fact]
    public async Task Circuit_breaker_opens_after_repeated_failures_and_then_answers_without_calling_the_api_server()
    {
        await using var fake = await Fake.StartAsync(seed: f => f.Add("apps", "web"));
        await using var cache = await CacheHarness.StartAsync(fake, output, new Dictionary<string, string?>
        {
            ["ServiceAccountCache:GracePeriod"] = "00:00:00",
            ["ServiceAccountCache:FallbackRetries"] = "0",
            ["ServiceAccountCache:CircuitBreakerMinimumThroughput"] = "3",
            ["ServiceAccountCache:CircuitBreakerFailureRatio"] = "0.5",
            ["ServiceAccountCache:CircuitBreakerBreakDuration"] = "00:05:00",
        });
        fake.FailReads = true;

        ServiceAccountLookupResult result;
        var attempt = 0;
        do
        {
            result = await cache.Lookup.FindAsync("apps", $"missing-{attempt++}", CancellationToken.None);
            Assert.Equal(ServiceAccountSource.Unavailable, result.Source);
        }
        while (!result.Error!.Contains("circuit", StringComparison.Ordinal) && attempt < 20);

        Assert.Contains("circuit breaker open", result.Error, StringComparison.Ordinal);
        var reads = fake.Count(FakeRequestKind.Get);
        Assert.Equal(3, reads);

        fake.FailReads = false;
        for (var i = 0; i < 5; i++)
        {
            var again = await cache.Lookup.FindAsync("apps", "another", CancellationToken.None);
            Assert.Equal(ServiceAccountSource.Unavailable, again.Source);
        }

        Assert.Equal(reads, fake.Count(FakeRequestKind.Get));
        Assert.True(cache.Metrics.FallbackLookups.WithLabels("rejected").Value >= 5);

        // Cached accounts are unaffected by the open circuit.
        Assert.Equal(ServiceAccountSource.Cache, (await cache.Lookup.FindAsync("apps", "web", CancellationToken.None)).Source);
    }

    [Fact]
    public async Task Rate_limit_rejects_a_burst_of_direct_reads_beyond_the_bucket()
    {
        await using var fake = await Fake.StartAsync(seed: f => f.Add("apps", "web"));
        await using var cache = await CacheHarness.StartAsync(fake, output, new Dictionary<string, string?>
        {
            ["ServiceAccountCache:GracePeriod"] = "00:00:00",
            ["ServiceAccountCache:FallbackRateLimitPerSecond"] = "1",
            ["ServiceAccountCache:FallbackRateLimitBurst"] = "1",
        });

        var results = new List<ServiceAccountLookupResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await cache.Lookup.FindAsync("apps", $"missing-{i}", CancellationToken.None));
        }

        Assert.Equal(ServiceAccountSource.NotFound, results[0].Source);
        Assert.Contains(results, r => r.Source == ServiceAccountSource.Unavailable && r.Error!.Contains("rate limit", StringComparison.Ordinal));
        Assert.Equal(results.Count(r => r.Source == ServiceAccountSource.NotFound), fake.Count(FakeRequestKind.Get));
    }

    [Theory]
    [InlineData("apps", "../../other/serviceaccounts/admin")]
    [InlineData("apps", "x?watch=true")]
    [InlineData("apps", "..")]
    [InlineData("apps", "Admin")]
    [InlineData("../other", "admin")]
    [InlineData("apps/../other", "admin")]
    public async Task A_name_that_is_not_a_valid_name_is_never_sent_to_the_API_server(string ns, string name)
    {
        // Issue 14 item 4: on a miss this once read other/serviceaccounts/admin and injected its role.
        await using var fake = await Fake.StartAsync(seed: f => f.Add("other", "admin", Role("admin")));
        await using var cache = await CacheHarness.StartAsync(fake, output, new Dictionary<string, string?> { ["ServiceAccountCache:GracePeriod"] = "00:00:00" });

        var result = await cache.Lookup.FindAsync(ns, name, CancellationToken.None);

        Assert.Equal(ServiceAccountSource.NotFound, result.Source);
        Assert.Null(result.Account);
        Assert.Equal(0, fake.Count(FakeRequestKind.Get));
    }

    [Fact]
    public async Task Names_that_do_not_exist_in_one_namespace_cannot_use_up_the_direct_reads_of_another()
    {
        // Issue 14 item 6: 80 made-up names once drained the one shared bucket.
        await using var fake = await Fake.StartAsync(seed: f => f.Add("apps", "web"));
        await using var cache = await CacheHarness.StartAsync(fake, output, new Dictionary<string, string?>
        {
            ["ServiceAccountCache:GracePeriod"] = "00:00:00",
            ["ServiceAccountCache:FallbackRateLimitPerSecond"] = "1",
            ["ServiceAccountCache:FallbackRateLimitBurst"] = "40",
            ["ServiceAccountCache:FallbackRateLimitPerNamespacePerSecond"] = "1",
            ["ServiceAccountCache:FallbackRateLimitPerNamespaceBurst"] = "3",
        });
        await CacheHarness.WaitUntilAsync(() => fake.OpenWatches == 1, "the watch to open");

        var flood = new List<ServiceAccountLookupResult>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 80; i++)
        {
            flood.Add(await cache.Lookup.FindAsync("attacker", $"made-up-{i}", CancellationToken.None));
        }

        // The burst, plus one token for each second the flood took (a busy machine may take several).
        var allowed = 3 + (int)Math.Ceiling(watch.Elapsed.TotalSeconds);
        Assert.True(fake.Count(FakeRequestKind.Get) <= allowed, $"{fake.Count(FakeRequestKind.Get)} reads for one namespace, at most {allowed} allowed");
        Assert.Contains(flood, r => r.Source == ServiceAccountSource.Unavailable && r.Error!.Contains("namespace \"attacker\"", StringComparison.Ordinal));

        // A ServiceAccount the watch has not delivered yet, in another namespace, is still read.
        fake.PauseWatches();
        fake.Add("apps", "late", Role("late"));
        var late = await cache.Lookup.FindAsync("apps", "late", CancellationToken.None);
        Assert.Equal(ServiceAccountSource.ApiServer, late.Source);
        Assert.Contains("role/late\"", cache.PatchFor(late.Account!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_name_asked_again_is_answered_from_the_not_found_cache_without_a_read()
    {
        await using var fake = await Fake.StartAsync(seed: f => f.Add("apps", "web"));
        await using var cache = await CacheHarness.StartAsync(fake, output, new Dictionary<string, string?> { ["ServiceAccountCache:GracePeriod"] = "00:00:00" });

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ServiceAccountSource.NotFound, (await cache.Lookup.FindAsync("apps", "typo", CancellationToken.None)).Source);
        }

        Assert.Equal(1, fake.Count(FakeRequestKind.Get));
        Assert.Equal(4, cache.Metrics.FallbackLookups.WithLabels("not_found_cached").Value);

        // Turned off, every miss reads again.
        await using var uncached = await CacheHarness.StartAsync(fake, output, new Dictionary<string, string?>
        {
            ["ServiceAccountCache:GracePeriod"] = "00:00:00",
            ["ServiceAccountCache:NotFoundCacheDuration"] = "00:00:00",
        });
        await uncached.Lookup.FindAsync("apps", "typo2", CancellationToken.None);
        await uncached.Lookup.FindAsync("apps", "typo2", CancellationToken.None);
        Assert.Equal(3, fake.Count(FakeRequestKind.Get));
    }
}
