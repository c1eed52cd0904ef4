using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;
using PodIdentity.Core.Admission;
using Prometheus;

namespace PodIdentity.Webhook.Observability;

/// <summary>
/// Every metric the webhook exports, on one registry per app instance (tests run several apps
/// in one process). Served at /metrics in Prometheus text format. Names start with
/// <c>pod_identity_webhook_</c> (the companion's with <c>pod_identity_discovery_</c>); the registry also
/// carries prometheus-net's process_* and dotnet_* metrics. Series whose label values are known up front
/// exist at zero from the start, so rate() and alerts see the first event rather than a series appearing.
/// </summary>
public sealed class WebhookMetrics
{
    private readonly ConcurrentDictionary<string, Counter.Child> _providerInjections = new(StringComparer.Ordinal);

    public WebhookMetrics(CollectorRegistry registry)
    {
        Registry = registry;
        var factory = Metrics.WithCustomRegistry(registry);

        // prometheus-net records an exemplar (the current trace id) on every increment and
        // observation by default: a few per cent of a review's CPU under load. /metrics serves the
        // Prometheus text format, which has no exemplars, so they were never seen anyway.
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        Reviews = factory.CreateCounter("pod_identity_webhook_reviews_total", "Admission reviews by outcome: mutated, skipped, denied, error.", "outcome");
        MutationDuration = factory.CreateHistogram("pod_identity_webhook_mutation_duration_seconds", "Time from the start of a /mutate request to its response written.", new HistogramConfiguration
        {
            Buckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        });
        ProviderInjections = factory.CreateCounter("pod_identity_webhook_provider_injections_total", "Pods mutated, by provider.", "provider");
        CacheSize = factory.CreateGauge("pod_identity_webhook_serviceaccount_cache_size", "ServiceAccounts held in the list+watch cache (trimmed copies).");
        CacheMisses = factory.CreateCounter("pod_identity_webhook_serviceaccount_cache_misses_total", "Lookups not answered from the cache at first try (then: grace period for the watch, then a direct read).");
        FallbackLookups = factory.CreateCounter("pod_identity_webhook_serviceaccount_fallback_lookups_total", "Direct API server reads after a cache miss, by result: found, not_found, error (failed or timed out), rejected (circuit open or rate limited; not sent).", "result");
        WatchRestarts = factory.CreateCounter("pod_identity_webhook_serviceaccount_watch_restarts_total", "Watch reconnects, by reason: closed (server ended the stream), error (backoff), gone (410, relist follows), silent (watchdog).", "reason");
        CertificateExpiry = factory.CreateGauge("pod_identity_webhook_certificate_expiry_timestamp_seconds", "NotAfter of the serving certificate, Unix seconds.");
        CertificateReloads = factory.CreateCounter("pod_identity_webhook_certificate_reloads_total", "Certificate reload attempts, by result: loaded, failed.", "result");
        LogEventsDropped = factory.CreateCounter("pod_identity_webhook_log_events_dropped_total", "Log events dropped because the queue in front of stdout was full (JSON format; stdout slower than the events for a while).");
        BuildInfo = factory.CreateGauge("pod_identity_webhook_build_info", "Always 1; the labels say which build runs: version, .NET runtime, native AOT or JIT.", "version", "runtime", "compilation");
        BuildInfo.WithLabels(Version, RuntimeInformation.FrameworkDescription, System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported ? "jit" : "native_aot").Set(1);

        reviewsByVerdict = [.. Enum.GetValues<ReviewVerdict>().Select(verdict => Reviews.WithLabels(ReviewOutcome.Label(verdict)))];

        foreach (var result in FallbackResults)
        {
            FallbackLookups.WithLabels(result);
        }

        foreach (var reason in WatchRestartReasons)
        {
            WatchRestarts.WithLabels(reason);
        }

        foreach (var result in CertificateReloadResults)
        {
            CertificateReloads.WithLabels(result);
        }

        // process_* (CPU, memory, open handles, start time) and dotnet_* (GC, thread pool) on this registry.
        DotNetStats.Register(registry);
    }

    /// <summary>Label values of pod_identity_webhook_reviews_total.</summary>

    /// <summary>Label values of pod_identity_webhook_serviceaccount_fallback_lookups_total.</summary>
    public static IReadOnlyList<string> FallbackResults { get; } = ["found", "not_found", "error", "rejected"];

    /// <summary>Label values of pod_identity_webhook_serviceaccount_watch_restarts_total.</summary>
    public static IReadOnlyList<string> WatchRestartReasons { get; } = ["closed", "error", "gone", "silent"];

    /// <summary>Label values of pod_identity_webhook_certificate_reloads_total.</summary>
    public static IReadOnlyList<string> CertificateReloadResults { get; } = ["loaded", "failed"];

    /// <summary>The informational version of this build (without the source revision suffix).</summary>
    public static string Version { get; } =
        (typeof(WebhookMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown").Split('+')[0];

    public Gauge BuildInfo { get; }

    /// <summary>Creates the injections series of every enabled provider at zero.</summary>
    public void InitialiseProviders(IEnumerable<string> providers)
    {
        foreach (var provider in providers)
        {
            ProviderInjectionsOf(provider);
        }
    }

    public CollectorRegistry Registry { get; }

    public Counter Reviews { get; }

    public Histogram MutationDuration { get; }

    public Counter ProviderInjections { get; }

    /// <summary>The reviews counter of one verdict, each looked up once (every review counts).</summary>
    public Counter.Child ReviewsOf(ReviewVerdict verdict) => reviewsByVerdict[(int)verdict];

    private readonly Counter.Child[] reviewsByVerdict;

    /// <summary>
    /// The injections counter of one provider, looked up once per provider: prometheus-net's
    /// WithLabels builds and hashes a label set on every call, and every mutated pod counts.
    /// </summary>
    public Counter.Child ProviderInjectionsOf(string provider) =>
        _providerInjections.GetOrAdd(provider, static (name, counter) => counter.WithLabels(name), ProviderInjections);

    public Gauge CacheSize { get; }

    public Counter CacheMisses { get; }

    public Counter FallbackLookups { get; }

    public Counter WatchRestarts { get; }

    public Gauge CertificateExpiry { get; }

    public Counter LogEventsDropped { get; }

    /// <summary>Reads the log queue's drop count at each scrape (the async sink counts; nothing per event here).</summary>
    internal void CountDroppedLogEvents(LogQueue queue) =>
        Registry.AddBeforeCollectCallback(() => LogEventsDropped.IncTo(queue.Dropped));

    public Counter CertificateReloads { get; }
}
