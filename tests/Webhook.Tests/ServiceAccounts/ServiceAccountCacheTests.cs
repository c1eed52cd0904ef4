using PodIdentity.Core.ServiceAccounts;
using PodIdentity.Webhook.ServiceAccounts;
using PodIdentity.Webhook.Tests.FakeApiServer;
using Xunit.Abstractions;
using Fake = PodIdentity.Webhook.Tests.FakeApiServer.FakeApiServer;

namespace PodIdentity.Webhook.Tests.ServiceAccounts;

/// <summary>The list+watch cache against the fake API server: listing, watching, reconnecting.</summary>
public sealed class ServiceAccountCacheTests(ITestOutputHelper output)
{
    private const string RoleArn = "eks.amazonaws.com/role-arn";

    private static Dictionary<string, string> Role(string name) => new() { [RoleArn] = $"arn:aws:iam::111122223333:role/{name}" };

    [Fact]
    public async Task First_list_follows_continue_tokens_then_is_ready_with_every_account()
    {
        await using var fake = await Fake.StartAsync(seed: f =>
        {
            for (var i = 0; i < 10; i++)
            {
                f.Add($"team-{i % 3}", $"sa-{i}", i % 2 == 0 ? Role($"r{i}") : null);
            }
        });
        await using var cache = await CacheHarness.StartAsync(fake, output);

        var lists = fake.Requests.Where(r => r.Kind == FakeRequestKind.List).ToList();
        Assert.Equal(4, lists.Count); // 10 accounts, pages of 3
        Assert.Null(lists[0]["continue"]);
        Assert.All(lists, r => Assert.Equal("3", r["limit"]));
        Assert.All(lists.Skip(1), r => Assert.False(string.IsNullOrEmpty(r["continue"])));
        Assert.Equal(10, cache.Metrics.CacheSize.Value);
        for (var i = 0; i < 10; i++)
        {
            var result = await cache.Lookup.FindAsync($"team-{i % 3}", $"sa-{i}", CancellationToken.None);
            Assert.Equal(ServiceAccountSource.Cache, result.Source);
            Assert.Equal(i % 2 == 0, result.Account!.IsReadByProvider);
            if (i % 2 == 0)
            {
                // Each key holds its own account's identity.
                Assert.Contains($"arn:aws:iam::111122223333:role/r{i}\"", cache.PatchFor(result.Account), StringComparison.Ordinal);
            }
        }

        // The watch starts from the list's resourceVersion, with bookmarks and a server-side timeout.
        await CacheHarness.WaitUntilAsync(() => fake.Count(FakeRequestKind.Watch) >= 1, "the first watch");
        var watch = fake.Requests.First(r => r.Kind == FakeRequestKind.Watch);
        Assert.Equal("1010", watch["resourceVersion"]);
        Assert.Equal("true", watch["allowWatchBookmarks"]);
        Assert.Equal("300", watch["timeoutSeconds"]);
        Assert.Equal(0, fake.Count(FakeRequestKind.Get));
    }

    [Fact]
    public async Task Not_ready_until_the_first_full_list_succeeds()
    {
        await using var fake = await Fake.StartAsync(seed: f => f.Add("apps", "web"));
        fake.GoDown();
        await using var cache = await CacheHarness.StartAsync(fake, output, waitReady: false);

        await CacheHarness.WaitUntilAsync(() => fake.Count(FakeRequestKind.List) >= 2, "list attempts while the API server is down");
        Assert.False(cache.IsReady);

        fake.ComeBack();
        await CacheHarness.WaitUntilAsync(() => cache.IsReady, "readiness after the API server came back");
        Assert.Equal(ServiceAccountSource.Cache, (await cache.Lookup.FindAsync("apps", "web", CancellationToken.None)).Source);
    }

    [Fact]
    public async Task Added_changed_and_deleted_accounts_are_seen_through_the_watch()
    {
        await using var fake = await Fake.StartAsync(seed: f => f.Add("apps", "existing"));
        await using var cache = await CacheHarness.StartAsync(fake, output);

        fake.Add("apps", "new", Role("first"));
        await cache.WaitUntilCachedAsync("apps", "new");

        fake.Update("apps", "new", Role("second"));
        await cache.WaitUntilCachedAsync("apps", "new", sa => cache.PatchFor(sa).Contains("role/second\"", StringComparison.Ordinal));

        fake.Update("apps", "new", null);
        await cache.WaitUntilCachedAsync("apps", "new", sa => !sa.IsReadByProvider);

        // Back from the unannotated set (kept by hash) to the annotated one (kept by name), and the count stays one each.
        fake.Update("apps", "new", Role("third"));
        await cache.WaitUntilCachedAsync("apps", "new", sa => cache.PatchFor(sa).Contains("role/third\"", StringComparison.Ordinal));
        Assert.Equal(2, cache.Metrics.CacheSize.Value);

        fake.Delete("apps", "existing");
        await cache.WaitUntilGoneAsync("apps", "existing");
        Assert.False(cache.Store.TryGet(new ServiceAccountKey("apps", "never-created"), out _));

        Assert.Equal(1, cache.Metrics.CacheSize.Value);
        Assert.Equal(1, fake.Count(FakeRequestKind.List));
        Assert.Equal(0, fake.Count(FakeRequestKind.Get));
    }

    [Fact]
    public async Task Only_annotations_an_enabled_provider_reads_are_kept()
    {
        var annotations = new Dictionary<string, string>
        {
            [RoleArn] = "arn:aws:iam::111122223333:role/app",
            ["eks.amazonaws.com/audience"] = "custom-audience",
            ["kubectl.kubernetes.io/last-applied-configuration"] = "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\"}",
            ["example.com/owner"] = "team-a",
        };
        var unread = new Dictionary<string, string>
        {
            ["kubectl.kubernetes.io/last-applied-configuration"] = "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\"}",
            ["example.com/owner"] = "team-a",
        };
        await using var fake = await Fake.StartAsync(seed: f =>
        {
            f.Add("apps", "listed", annotations);
            f.Add("apps", "listed-unread", unread);
            f.Add("apps", "listed-bare");
        });
        await using var cache = await CacheHarness.StartAsync(
            fake, output, new Dictionary<string, string?> { ["Aws:AnnotationPrefix"] = "eks.amazonaws.com" });
        fake.Add("apps", "watched", annotations);
        fake.Add("apps", "watched-unread", unread);
        await cache.WaitUntilCachedAsync("apps", "watched");
        await cache.WaitUntilCachedAsync("apps", "watched-unread");

        foreach (var name in new[] { "listed", "watched" })
        {
            var account = (await cache.Lookup.FindAsync("apps", name, CancellationToken.None)).Account!;
            Assert.True(account.IsReadByProvider);
            var patch = cache.PatchFor(account);
            Assert.Contains("arn:aws:iam::111122223333:role/app", patch, StringComparison.Ordinal);
            Assert.Contains("custom-audience", patch, StringComparison.Ordinal);
        }

        // Found, yet nothing kept but the key: every ServiceAccount no provider reads shares one prepared value.
        var shared = (await cache.Lookup.FindAsync("apps", "listed-bare", CancellationToken.None)).Account!;
        Assert.False(shared.IsReadByProvider);
        foreach (var name in new[] { "listed-unread", "watched-unread" })
        {
            var result = await cache.Lookup.FindAsync("apps", name, CancellationToken.None);
            Assert.Equal(ServiceAccountSource.Cache, result.Source);
            Assert.Same(shared, result.Account);
        }
    }

    [Fact]
    public async Task Annotations_are_dropped_entirely_when_their_provider_is_disabled()
    {
        await using var fake = await Fake.StartAsync(seed: f => f.Add("apps", "web", Role("web")));
        await using var cache = await CacheHarness.StartAsync(fake, output, new Dictionary<string, string?> { ["Aws:Enabled"] = "false" });

        var account = (await cache.Lookup.FindAsync("apps", "web", CancellationToken.None)).Account!;
        Assert.False(account.IsReadByProvider);
        Assert.Equal("", cache.PatchFor(account));
    }

    [Fact]
    public async Task Dropped_watch_reconnects_from_the_last_resource_version_and_sees_later_changes()
    {
        await using var fake = await Fake.StartAsync(seed: f => f.Add("apps", "a"));
        await using var cache = await CacheHarness.StartAsync(fake, output);
        fake.Add("apps", "b");
        await cache.WaitUntilCachedAsync("apps", "b");
        var lastSeen = fake.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);

        fake.DropWatches();
        await CacheHarness.WaitUntilAsync(() => fake.Requests.Any(r => r.Kind == FakeRequestKind.Watch && r["resourceVersion"] == lastSeen), "a watch from the last seen resourceVersion");
        fake.Add("apps", "c");
        await cache.WaitUntilCachedAsync("apps", "c");

        Assert.True(cache.Restarts("error") >= 1);
        Assert.Equal(1, fake.Count(FakeRequestKind.List)); // resumed, no relist
    }

    [Fact]
    public async Task Watch_closed_by_the_server_timeout_is_reopened()
    {
        await using var fake = await Fake.StartAsync(seed: f => f.Add("apps", "a"));
        await using var cache = await CacheHarness.StartAsync(fake, output, new Dictionary<string, string?> { ["ServiceAccountCache:WatchTimeout"] = "00:00:01" });

        await CacheHarness.WaitUntilAsync(() => cache.Restarts("closed") >= 1 && fake.Count(FakeRequestKind.Watch) >= 2, "the watch to time out and reopen");
        fake.Add("apps", "b");
        await cache.WaitUntilCachedAsync("apps", "b");
        Assert.Equal(1, fake.Count(FakeRequestKind.List));
    }

    [Theory]
    [InlineData(GoneMode.ErrorEvent)]
    [InlineData(GoneMode.HttpStatus)]
    public async Task Compacted_history_makes_the_watch_relist_and_drops_accounts_deleted_in_the_gap(GoneMode mode)
    {
        await using var fake = await Fake.StartAsync(seed: f =>
        {
            f.Add("apps", "stays");
            f.Add("apps", "deleted-in-gap");
        });
        fake.GoneMode = mode;
        await using var cache = await CacheHarness.StartAsync(fake, output);
        await CacheHarness.WaitUntilAsync(() => fake.OpenWatches == 1, "the watch to open");

        fake.GoDown();
        fake.Delete("apps", "deleted-in-gap");
        fake.Add("apps", "added-in-gap");
        fake.CompactHistory();
        fake.ComeBack();

        await cache.WaitUntilGoneAsync("apps", "deleted-in-gap");
        await cache.WaitUntilCachedAsync("apps", "added-in-gap");
        Assert.True(cache.Store.TryGet(new ServiceAccountKey("apps", "stays"), out _));
        Assert.True(cache.Restarts("gone") >= 1);
        Assert.True(fake.Count(FakeRequestKind.List) >= 2);
        Assert.Equal(2, cache.Metrics.CacheSize.Value);

        // After the relist the watch resumes from the new list's resourceVersion.
        fake.Add("apps", "after");
        await cache.WaitUntilCachedAsync("apps", "after");
    }

    [Fact]
    public async Task Bookmarks_advance_the_resource_version_the_next_watch_starts_from()
    {
        await using var fake = await Fake.StartAsync(seed: f => f.Add("apps", "a"));
        await using var cache = await CacheHarness.StartAsync(fake, output);
        await CacheHarness.WaitUntilAsync(() => fake.OpenWatches == 1, "the watch to open");

        var bookmark = fake.BumpResourceVersion(by: 7).ToString(System.Globalization.CultureInfo.InvariantCulture);
        fake.SendBookmark();
        await CacheHarness.WaitUntilAsync(() => cache.Informer.ResourceVersion == bookmark, "the bookmark's resourceVersion");

        fake.DropWatches();
        await CacheHarness.WaitUntilAsync(
            () => fake.Requests.Any(r => r.Kind == FakeRequestKind.Watch && r["resourceVersion"] == bookmark),
            $"a watch from bookmark resourceVersion {bookmark}");
        Assert.Equal(1, fake.Count(FakeRequestKind.List));
    }

    [Fact]
    public async Task Watchdog_reopens_a_watch_that_stays_silent()
    {
        await using var fake = await Fake.StartAsync(seed: f => f.Add("apps", "a"));
        await using var cache = await CacheHarness.StartAsync(fake, output, new Dictionary<string, string?> { ["ServiceAccountCache:WatchSilenceLimit"] = "00:00:00.300" });

        fake.PauseWatches(); // connections stay open, nothing arrives: a hung watch
        await CacheHarness.WaitUntilAsync(() => cache.Restarts("silent") >= 1 && fake.Count(FakeRequestKind.Watch) >= 2, "the watchdog to reopen the watch");

        fake.Add("apps", "b");
        fake.ResumeWatches();
        await cache.WaitUntilCachedAsync("apps", "b");
    }

    [Fact]
    public async Task Api_server_down_still_serves_cached_accounts_and_a_miss_is_unavailable()
    {
        await using var fake = await Fake.StartAsync(seed: f => f.Add("apps", "web", Role("web")));
        await using var cache = await CacheHarness.StartAsync(fake, output);

        fake.GoDown();
        await CacheHarness.WaitUntilAsync(() => cache.Restarts("error") >= 1, "the watch to notice the outage");

        var cached = await cache.Lookup.FindAsync("apps", "web", CancellationToken.None);
        Assert.Equal(ServiceAccountSource.Cache, cached.Source);
        Assert.Contains("role/web\"", cache.PatchFor(cached.Account!), StringComparison.Ordinal);
        Assert.True(cache.IsReady);

        var missing = await cache.Lookup.FindAsync("apps", "unknown", CancellationToken.None);
        Assert.Equal(ServiceAccountSource.Unavailable, missing.Source);
        Assert.Null(missing.Account);
        Assert.Contains("apps/unknown", missing.Error, StringComparison.Ordinal);
        Assert.Contains("503", missing.Error, StringComparison.Ordinal);
        Assert.Equal(1, cache.Metrics.FallbackLookups.WithLabels("error").Value);

        fake.ComeBack();
        fake.Add("apps", "later");
        await cache.WaitUntilCachedAsync("apps", "later");
    }
}
