using PodIdentity.Core.Mutation;
using System.Diagnostics;
using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PodIdentity.Core.Admission;
using PodIdentity.Core.ServiceAccounts;
using PodIdentity.Webhook.Mutation;
using PodIdentity.Webhook.Observability;
using PodIdentity.Webhook.ServiceAccounts;
using Xunit.Abstractions;

namespace PodIdentity.Webhook.Tests.ServiceAccounts;

/// <summary>
/// The real cache, wired exactly as the webhook wires it (AddPodMutation + AddServiceAccountCache),
/// pointed at a <see cref="FakeApiServer.FakeApiServer"/>, with fast test timings.
/// </summary>
internal sealed class CacheHarness : IAsyncDisposable
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(20);

    private static readonly Dictionary<string, string?> TestDefaults = new()
    {
        ["ServiceAccountCache:PageSize"] = "3",
        ["ServiceAccountCache:GracePeriod"] = "00:00:00.200",
        ["ServiceAccountCache:ResyncBackoffInitial"] = "00:00:00.020",
        ["ServiceAccountCache:ResyncBackoffMax"] = "00:00:00.200",
        ["ServiceAccountCache:FallbackTimeout"] = "00:00:02",
        ["ServiceAccountCache:FallbackRetries"] = "1",
        ["ServiceAccountCache:FallbackRetryDelay"] = "00:00:00.010",
    };

    private readonly IHost host;

    private CacheHarness(IHost host)
    {
        this.host = host;
    }

    public IServiceAccountLookup Lookup => host.Services.GetRequiredService<IServiceAccountLookup>();

    public WebhookMetrics Metrics => host.Services.GetRequiredService<WebhookMetrics>();

    /// <summary>What /readyz asks of the lookup.</summary>
    public bool IsReady => Lookup is IServiceAccountReadiness { IsReady: true };

    internal ServiceAccountStore Store => host.Services.GetRequiredService<ServiceAccountStore>();

    internal ServiceAccountInformer Informer => host.Services.GetRequiredService<ServiceAccountInformer>();

    public double Restarts(string reason) => Metrics.WatchRestarts.WithLabels(reason).Value;

    public static IHost Build(string apiServerUrl, ITestOutputHelper? output, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(TestDefaults);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        if (output is not null)
        {
            builder.Logging.AddProvider(new TestOutputLoggerProvider(output));
        }

        builder.Services.AddSingleton(new WebhookMetrics(Prometheus.Metrics.NewCustomRegistry()));
        builder.Services.AddSingleton(new KubernetesClientConfiguration { Host = apiServerUrl });
        builder.Services.AddPodMutation();
        builder.Services.AddServiceAccountCache();
        return builder.Build();
    }

    /// <summary>Starts the cache; unless told otherwise, waits until the first list is in (IsReady).</summary>
    public static async Task<CacheHarness> StartAsync(FakeApiServer.FakeApiServer fake, ITestOutputHelper? output, IReadOnlyDictionary<string, string?>? settings = null, bool waitReady = true)
    {
        var host = Build(fake.Url, output, settings);
        await host.StartAsync();
        var harness = new CacheHarness(host);
        if (waitReady)
        {
            await WaitUntilAsync(() => harness.IsReady, "the cache to become ready");
        }

        return harness;
    }

    /// <summary>Polls a condition until it holds; fails the test after <see cref="MaxWait"/>. Never a timing assertion.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > MaxWait)
            {
                throw new TimeoutException($"Gave up after {MaxWait.TotalSeconds} s waiting for {what}.");
            }

            await Task.Delay(10);
        }
    }

    public Task WaitUntilCachedAsync(string ns, string name, Func<PreparedServiceAccount, bool>? matches = null) =>
        WaitUntilAsync(() => Store.TryGet(new ServiceAccountKey(ns, name), out var hit) && (matches is null || matches(hit)), $"{ns}/{name} in the cache");

    /// <summary>
    /// The JSON patch a one-container pod using this ServiceAccount gets, as text ("" without one). A prepared
    /// ServiceAccount shows what the cache kept of its annotations only through a review.
    /// </summary>
    public string PatchFor(PreparedServiceAccount account)
    {
        var request = new AdmissionRequest
        {
            Uid = "cache-test",
            Namespace = "apps",
            Operation = "CREATE",
            Object = new PodIdentity.Core.Pods.Pod { Name = "pod", Namespace = "apps", ServiceAccountName = "sa", Containers = [new("app")] },
        };
        var review = host.Services.GetRequiredService<AdmissionReviewer>().Review(request, account);
        return review.Response!.Patch is { } patch ? Encoding.UTF8.GetString(patch) : "";
    }

    public Task WaitUntilGoneAsync(string ns, string name) =>
        WaitUntilAsync(() => !Store.TryGet(new ServiceAccountKey(ns, name), out _), $"{ns}/{name} to leave the cache");

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await host.StopAsync(stop.Token);
        host.Dispose();
    }
}
