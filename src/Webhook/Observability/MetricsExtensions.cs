using Prometheus;

namespace PodIdentity.Webhook.Observability;

internal static class MetricsExtensions
{
    /// <summary>One <see cref="CollectorRegistry"/> per app (tests run several in one process).</summary>
    public static IServiceCollection AddWebhookMetrics(this IServiceCollection services)
    {
        services.AddSingleton(_ => Metrics.NewCustomRegistry());
        services.AddSingleton(services =>
        {
            var metrics = new WebhookMetrics(services.GetRequiredService<CollectorRegistry>());
            if (services.GetService<LogQueue>() is { } queue)
            {
                metrics.CountDroppedLogEvents(queue);
            }

            return metrics;
        });
        services.AddHostedService<ProviderSeriesInitialiser>();
        return services;
    }

    /// <summary><c>GET /metrics</c> in Prometheus text format, on the plain-HTTP metrics listener only.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.MapGet("/metrics", (RequestDelegate)(async context =>
        {
            if (context.Request.IsHttps)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var registry = context.RequestServices.GetRequiredService<WebhookMetrics>().Registry;
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        }));
        return app;
    }
}
