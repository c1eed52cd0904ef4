using PodIdentity.Discovery.Publishing;
using Prometheus;

namespace PodIdentity.Discovery.Serve;

internal sealed record HealthReport(string Status, DateTimeOffset? LastSuccess, string? LastOutcome, IReadOnlyList<string> Problems);

internal static class HealthEndpoints
{
    /// <summary>
    /// Healthy once something has been published. An API server outage after that keeps it healthy:
    /// the last good copy is still correct, and restarting would not help.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthAndMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (CycleStatus status) =>
        {
            var last = status.Last;
            var report = new HealthReport(
                status.LastSuccess is null ? "not ready: nothing published yet" : "ok",
                status.LastSuccess,
                last?.Outcome.ToString(),
                last?.Problems ?? []);
            return status.LastSuccess is null
                ? TypedResults.Json(report, HealthJsonContext.Default.HealthReport, statusCode: StatusCodes.Status503ServiceUnavailable)
                : TypedResults.Json(report, HealthJsonContext.Default.HealthReport);
        });
        PodIdentity.Discovery.Observability.DiscoveryMetrics.Initialise();
        app.MapMetrics("/metrics");
        return app;
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(HealthReport))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class HealthJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
