using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PodIdentity.Discovery.Http;
using PodIdentity.Discovery.Options;
using PodIdentity.Discovery.Publishing;
using PodIdentity.Discovery.Serve;
using PodIdentity.Discovery.Source;
using Serilog;
using Serilog.Formatting.Compact;

namespace PodIdentity.Discovery;

/// <summary>The host for `serve` and `publish`; tests build it too, with their own overrides.</summary>
internal static class DiscoveryApp
{
    public static WebApplication Build(CommandLineRequest request, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.AddDiscoveryConfiguration(request);
        builder.AddDiscoveryLogging();
        builder.Services.AddDiscoveryOptions(request);
        builder.Services.AddDiscoveryResilience();
        builder.Services.AddDiscoveryPublishing(request);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            kestrel.ListenAnyIP(context.Configuration.GetValue("Discovery:Port", 8080)));
        configure?.Invoke(builder);

        var app = builder.Build();
        if (request.Command == DiscoveryCommand.Serve)
        {
            app.MapDiscoveryDocuments();
        }

        app.MapHealthAndMetrics();
        return app;
    }

    public static IConfigurationBuilder AddDiscoveryConfiguration(this IConfigurationBuilder configuration, CommandLineRequest request)
    {
        var overrides = new Dictionary<string, string?>(request.ConfigurationOverrides, StringComparer.OrdinalIgnoreCase);
        if (request.Kubeconfig is not null)
        {
            overrides["Discovery:Kubeconfig"] = request.Kubeconfig;
        }

        return configuration.AddInMemoryCollection(overrides);
    }

    private static void AddDiscoveryLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((_, logger) =>
        {
            // Polly's telemetry logs each attempt at Information with the result (both documents on
            // every read) and each failed one at Warning/Error with a stack trace; Resilience logs one
            // line per retry and PublishCycle one per failed cycle instead. Off here, set before the
            // configuration so Serilog:MinimumLevel:Override:Polly can bring it back for debugging.
            logger.MinimumLevel.Override("Polly", Serilog.Events.LevelAlias.Off);
            logger.ReadFrom.Configuration(builder.Configuration)
                .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
                .MinimumLevel.Override("System.Net.Http", Serilog.Events.LogEventLevel.Warning)
                .Enrich.FromLogContext()
                // A busy port: Program prints one line naming it; the host's trace adds nothing.
                .Filter.ByExcluding(e => e.Exception is IOException { InnerException: Microsoft.AspNetCore.Connections.AddressInUseException });
            // JSON for log collectors in a pod; a readable line on a terminal. The JSON is the
            // webhook's schema (Serilog's compact JSON: @t, @mt, @r, @l, @x, properties with EventId
            // and SourceContext), so one log query serves both programs. Written synchronously: a
            // few lines a minute need no queue.
            if (Console.IsOutputRedirected)
            {
                logger.WriteTo.Console(new CompactJsonFormatter());
            }
            else
            {
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}",
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
        });
    }

    private static IServiceCollection AddDiscoveryOptions(this IServiceCollection services, CommandLineRequest request)
    {
        services.AddSingleton(request);
        services.AddSingleton<IValidateOptions<DiscoveryOptions>, DiscoveryOptionsValidator>();
        services.AddOptions<DiscoveryOptions>().BindConfiguration(DiscoveryOptions.Section).ValidateOnStart();
        return services;
    }

    private static IServiceCollection AddDiscoveryPublishing(this IServiceCollection services, CommandLineRequest request)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new PublicHttpSettings());
        services.AddSingleton<IApiServerSource, ApiServerSource>();
        services.AddSingleton<CycleStatus>();
        services.AddSingleton<PublicUrlVerifier>();
        services.AddSingleton<PublishCycle>();
        services.AddSingleton<ServeTarget>();
        // Order matters for read-back: the bucket holds the state that survives restarts.
        if (request.S3)
        {
            services.AddSingleton<S3Target>();
            services.AddSingleton<IPublishTarget>(sp => sp.GetRequiredService<S3Target>());
        }

        if (request.Command == DiscoveryCommand.Serve)
        {
            services.AddSingleton<IPublishTarget>(sp => sp.GetRequiredService<ServeTarget>());
        }

        if (request.GcsJwksFile is { } path)
        {
            services.AddSingleton<IPublishTarget>(new GcsJwksFileTarget(path));
        }

        if (!request.Once)
        {
            services.AddHostedService<PublishLoop>();
        }

        return services;
    }
}
