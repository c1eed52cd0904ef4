using Microsoft.Extensions.DependencyInjection.Extensions;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.ServiceAccounts;
using PodIdentity.Webhook.Observability;
using PodIdentity.Webhook.Tls;

namespace PodIdentity.Webhook.Demo;

internal static class DemoExtensions
{
    /// <summary>
    /// <c>serve --demo</c>: ServiceAccounts from local YAML files instead of an API server, a
    /// self-signed certificate made in memory, and a banner with a curl line once listening.
    /// </summary>
    public static WebApplicationBuilder AddDemoServiceAccounts(this WebApplicationBuilder builder)
    {
        var options = new DemoOptions();
        builder.Configuration.GetSection(DemoOptions.Section).Bind(options);
        builder.Services.Configure<DemoOptions>(builder.Configuration.GetSection(DemoOptions.Section));

        // Loaded now, so a wrong path stops start-up with a message instead of serving nothing.
        var accounts = DemoServiceAccounts.Load(options.ServiceAccounts, Directory.GetCurrentDirectory());
        builder.Services.AddSingleton(accounts);
        builder.Services.AddSingleton<IServiceAccountLookup>(sp => new DemoServiceAccountLookup(accounts, sp.GetRequiredService<PodMutator>()));
        builder.Services.TryAddSingleton(new DemoConsole(Console.Out));
        builder.Services.AddSingleton<DemoUrls>();
        builder.Services.AddSingleton<DemoOutput>();
        builder.Services.AddHostedService<DemoBanner>();
        builder.Services.AddHostedService(sp => new DemoCertificateInstaller(sp.GetRequiredService<CertificateStore>(), sp.GetRequiredService<WebhookMetrics>(), accounts, sp.GetRequiredService<TimeProvider>()));
        return builder;
    }

    /// <summary>Puts the self-signed certificate in the store before Kestrel binds.</summary>
    private sealed class DemoCertificateInstaller(CertificateStore store, WebhookMetrics metrics, DemoServiceAccounts accounts, TimeProvider time) : IHostedLifecycleService
    {
        public Task StartingAsync(CancellationToken cancellationToken)
        {
            store.Set(DemoCertificate.Create(time));
            metrics.CacheSize.Set(accounts.Count);
            return Task.CompletedTask;
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
