using Prometheus;

namespace PodIdentity.Discovery.Observability;

internal static class DiscoveryMetrics
{
    public static readonly Counter Cycles = Metrics.CreateCounter(
        "podidentity_discovery_cycles_total", "Publish cycles by outcome.", "outcome");

    public static readonly Histogram CycleDuration = Metrics.CreateHistogram(
        "podidentity_discovery_cycle_duration_seconds", "Duration of one publish cycle.");

    public static readonly Gauge PublishedKeys = Metrics.CreateGauge(
        "podidentity_discovery_published_keys", "Keys in the published JWKS.", "state");

    public static readonly Gauge LastSuccess = Metrics.CreateGauge(
        "podidentity_discovery_last_success_timestamp_seconds", "Unix time of the last cycle that published.");

    public static readonly Counter PublicChecks = Metrics.CreateCounter(
        "podidentity_discovery_public_url_checks_total", "Public URL comparisons by result (match, mismatch, error).", "result");

    public static readonly Counter PublishErrors = Metrics.CreateCounter(
        "podidentity_discovery_publish_errors_total", "Failed uploads by target.", "target");
}
