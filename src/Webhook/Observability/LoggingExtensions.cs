using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting;
using Serilog.Formatting.Compact;

namespace PodIdentity.Webhook.Observability;

internal static class LoggingExtensions
{
    /// <summary>
    /// Serilog's compact JSON (CLEF): <c>@t</c>, <c>@mt</c>, <c>@r</c> (renderings of formatted
    /// tokens), <c>@l</c> (not for Information), <c>@x</c>, <c>@tr</c>/<c>@sp</c>, then the properties.
    /// The discovery companion writes the same schema. Stateless, so one instance serves every line.
    /// </summary>
    internal static readonly ITextFormatter JsonFormatter = new CompactJsonFormatter();

    /// <summary>
    /// Serilog to stdout: compact JSON (one object per line: @t, @mt, properties; <see cref="JsonFormatter"/>) in a cluster, a readable line locally.
    /// <c>Logging:Format</c> = json | console; default json when KUBERNETES_SERVICE_HOST is set.
    /// Levels: Information, ASP.NET Core's own request logs at Warning; <c>Serilog:MinimumLevel</c>
    /// keys may override them (<see cref="SerilogLevels"/>).
    /// </summary>
    public static WebApplicationBuilder AddWebhookLogging(this WebApplicationBuilder builder)
    {
        var format = builder.Configuration["Logging:Format"];
        var json = format switch
        {
            null or "" => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST")),
            _ when format.Equals("json", StringComparison.OrdinalIgnoreCase) => true,
            _ when format.Equals("console", StringComparison.OrdinalIgnoreCase) => false,
            _ => throw new Hosting.WebhookConfigurationException($"Logging:Format \"{format}\" is invalid: expected json or console"),
        };

        var levels = SerilogLevels.Read(builder.Configuration);
        builder.Logging.ClearProviders();

        var queue = new LogQueue();
        builder.Services.AddSingleton(queue);
        builder.Services.AddSerilog(
            (services, logger) =>
            {
                Configure(logger, levels, [.. services.GetServices<ILoggerProvider>()]);
                if (json)
                {
                    logger.WriteTo.JsonLines(queue, output => output.Sink(new BufferedJsonLines(JsonFormatter, Console.OpenStandardOutput(), queue)));
                }
                else
                {
                    // The console renders values as they are: each must stay on its line.
                    logger.Enrich.With<OneLineValuesEnricher>();
                    logger.WriteTo.Console(
                        outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}",
                        formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                }
            },
            preserveStaticLogger: true,
            writeToProviders: false);
        return builder;
    }

    /// <summary>
    /// JSON lines through Serilog's async sink: a request thread only queues its event; one
    /// background thread formats and writes each to <paramref name="output"/> (stdout:
    /// <see cref="BufferedJsonLines"/>, one write per burst). The queue holds <paramref name="capacity"/> events; when stdout
    /// cannot keep up that long, new events are dropped and counted (<see cref="LogQueue"/>,
    /// pod_identity_webhook_log_events_dropped_total) rather than blocking admission reviews, whose
    /// API server waits only seconds. Disposing the logger (host stop) writes out what is queued.
    /// </summary>
    internal static LoggerConfiguration JsonLines(this LoggerSinkConfiguration sinks, LogQueue queue,
        Action<LoggerSinkConfiguration> output, int capacity = LogQueue.Capacity) =>
        sinks.Async(output, bufferSize: capacity, blockWhenFull: false, monitor: queue);

    /// <summary>
    /// The pipeline before its stdout or console sink (also built by the log benchmarks and tests):
    /// levels, filtering, and the <see cref="ILoggerProvider"/>s registered with builder.Logging.
    /// </summary>
    internal static LoggerConfiguration Configure(LoggerConfiguration logger, SerilogLevels levels, IReadOnlyList<ILoggerProvider> providers)
    {
        // What AddSerilog's writeToProviders does (every event to those providers; tests capture
        // logs that way), but only when there is one: the webhook has none (ClearProviders), and
        // the providers sink cost each review line ~0.1 µs for nothing.
        if (providers.Count > 0)
        {
            var collection = new LoggerProviderCollection();
            foreach (var provider in providers)
            {
                collection.AddProvider(provider);
            }

            logger.WriteTo.Providers(collection);
        }

        // No Enrich.FromLogContext(): nothing here pushes Serilog LogContext properties, and the
        // Microsoft.Extensions.Logging scopes (ConnectionId; RequestId, RequestPath) are added by the
        // Serilog logger provider itself. With it, the provider's first BeginScope also put the
        // provider on the LogContext, so every event enumerated the scopes a second time for nothing
        // (AddPropertyIfAbsent): about 0.4 µs of the ~2.2 µs a review line cost.
        // ASP.NET Core's hosting diagnostics: while its logger is enabled at any level, every request
        // starts an Activity and a RequestId/RequestPath logging scope (AsyncLocal writes, a scope
        // object, trace and scope properties copied onto every log event). Its own events (request
        // started/finished) are below the Warning kept for Microsoft.AspNetCore anyway; the review
        // line's uid is what ties it to the API server's request. Switched off here, in Serilog's
        // levels: AddSerilog's logger factory does not apply Microsoft.Extensions.Logging filters.
        return levels.ApplyTo(logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.AspNetCore.Hosting.Diagnostics", LevelAlias.Off)
            .MinimumLevel.Override("Microsoft.Extensions.Hosting", LogEventLevel.Information)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information))
            // Kestrel warns that it binds its own listeners instead of --urls; it binds exactly
            // those (see AddWebhookServer), so the warning would only mislead.
            .Filter.ByExcluding(e => e.MessageTemplate.Text.StartsWith("Overriding address(es)", StringComparison.Ordinal))
            // A busy port: `serve` prints one line naming the address and the setting to change;
            // the host's "Hosting failed to start" with a 20-frame stack trace adds nothing to it.
            .Filter.ByExcluding(e => Hosting.AddressInUse.Is(e.Exception));
    }
}
