using PodIdentity.Core.ServiceAccounts;
using PodIdentity.Webhook.Admission;
using PodIdentity.Webhook.Demo;
using PodIdentity.Webhook.Health;
using PodIdentity.Webhook.Hosting;
using PodIdentity.Webhook.Mutation;
using PodIdentity.Webhook.Observability;
using PodIdentity.Webhook.ServiceAccounts;
using PodIdentity.Webhook.Tls;

namespace PodIdentity.Webhook;

/// <summary>The <c>serve</c> command: the HTTPS admission server the kube-apiserver calls.</summary>
public static class WebhookApp
{
    public const string DemoFlag = "--demo";

    /// <summary>
    /// Builds the server from <c>serve</c>'s arguments (<c>--demo</c>, <c>--urls</c>, any
    /// <c>--Section:Key value</c>). <paramref name="configure"/> runs before the ServiceAccount
    /// lookup is chosen: a lookup it registers (tests) is kept.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var demo = args.Contains(DemoFlag, StringComparer.Ordinal);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. args.Where(a => a != DemoFlag)],
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (demo)
        {
            builder.Configuration.AddInMemoryCollection(DemoDefaults(builder.Configuration));
        }

        builder.AddWebhookLogging();
        builder.Services.AddPodMutation();
        builder.AddWebhookServer();
        builder.AddTlsCertificate(demo);
        builder.Services.AddWebhookMetrics();
        builder.Services.AddAdmission();
        configure?.Invoke(builder);
        if (!builder.Services.Any(d => d.ServiceType == typeof(IServiceAccountLookup)))
        {
            if (demo)
            {
                builder.AddDemoServiceAccounts();
            }
            else
            {
                builder.Services.AddServiceAccountCache();
            }
        }

        var app = builder.Build();
        app.MapAdmission();
        app.MapHealth();
        app.MapMetrics();
        return app;
    }

    /// <summary>Runs <c>serve</c> until SIGTERM / Ctrl+C. Exit 0 after a clean stop, 2 for bad configuration, 1 if the server fails.</summary>
    public static int Serve(string[] args, TextWriter stderr)
    {
        ServerOptions? server = null;
        try
        {
            using var app = Build(args);

            // Validate every options section before the host starts, so a bad value is one clear line
            // instead of the host's "failed to start" log with a stack trace.
            app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
            server = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ServerOptions>>().Value;
            app.Run();
            return 0;
        }
        catch (Exception e) when (e is WebhookConfigurationException or Microsoft.Extensions.Options.OptionsValidationException or InvalidOperationException)
        {
            stderr.WriteLine($"error: invalid configuration: {ConfigurationErrors.Describe(e)}");
            return 2;
        }
        catch (IOException e) when (AddressInUse.Is(e))
        {
            stderr.WriteLine($"error: {AddressInUse.Describe(e, server ?? new ServerOptions())}");
            return 1;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>Demo: https://127.0.0.1:8443 and no metrics listener, unless given.</summary>
    private static Dictionary<string, string?> DemoDefaults(ConfigurationManager configuration)
    {
        var defaults = new Dictionary<string, string?>();
        if (string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey]))
        {
            defaults[WebHostDefaults.ServerUrlsKey] = "https://127.0.0.1:8443";
        }

        if (configuration["Server:MetricsPort"] is null)
        {
            defaults["Server:MetricsPort"] = "0";
        }

        return defaults;
    }
}
