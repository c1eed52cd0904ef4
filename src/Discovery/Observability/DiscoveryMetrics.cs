using System.Reflection;
using System.Runtime.InteropServices;
using Prometheus;
using PodIdentity.Discovery.Publishing;

namespace PodIdentity.Discovery.Observability;

/// <summary>
/// The companion's metrics on prometheus-net's default registry (which also carries process_* and
/// dotnet_*). Names start with <c>pod_identity_discovery_</c>, as the webhook's with
/// <c>pod_identity_webhook_</c>; series with known label values exist at zero from the start.
/// </summary>
internal static class DiscoveryMetrics
{
    public static readonly Counter Cycles = Metrics.CreateCounter(
        "pod_identity_discovery_cycles_total", "Publish cycles by outcome.", "outcome");

    public static readonly Histogram CycleDuration = Metrics.CreateHistogram(
        "pod_identity_discovery_cycle_duration_seconds", "Duration of one publish cycle.");

    public static readonly Gauge PublishedKeys = Metrics.CreateGauge(
        "pod_identity_discovery_published_keys", "Keys in the published JWKS.", "state");

    public static readonly Gauge LastSuccess = Metrics.CreateGauge(
        "pod_identity_discovery_last_success_timestamp_seconds", "Unix time of the last cycle that published.");

    public static readonly Counter PublicChecks = Metrics.CreateCounter(
        "pod_identity_discovery_public_url_checks_total", "Public URL comparisons by result (match, mismatch, error).", "result");

    public static readonly Counter PublishErrors = Metrics.CreateCounter(
        "pod_identity_discovery_publish_errors_total", "Failed uploads by target.", "target");

    public static readonly Gauge BuildInfo = Metrics.CreateGauge(
        "pod_identity_discovery_build_info", "Always 1; the labels say which build runs: version and .NET runtime.", "version", "runtime");

    static DiscoveryMetrics()
    {
        var version = (typeof(DiscoveryMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown").Split('+')[0];
        BuildInfo.WithLabels(version, RuntimeInformation.FrameworkDescription).Set(1);
        foreach (var outcome in Enum.GetValues<CycleOutcome>())
        {
            Cycles.WithLabels(outcome.ToString());
        }

        foreach (var outcome in Enum.GetValues<PublicCheckOutcome>())
        {
            PublicChecks.WithLabels(outcome.ToString().ToLowerInvariant());
        }

        PublishedKeys.WithLabels("live");
        PublishedKeys.WithLabels("retained");
    }

    /// <summary>Creates the publish-errors series of each configured target at zero; returns the targets.</summary>
    public static IPublishTarget[] WithErrorSeries(IPublishTarget[] targets)
    {
        foreach (var target in targets)
        {
            PublishErrors.WithLabels(target.Name);
        }

        return targets;
    }

    /// <summary>Touches the class so its series exist before the first cycle (called at start).</summary>
    public static void Initialise()
    {
    }
}
