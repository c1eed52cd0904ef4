using PodIdentity.Core.Mutation;

namespace PodIdentity.Webhook.Observability;

/// <summary>
/// At start, creates pod_identity_webhook_provider_injections_total{provider} at zero for every enabled
/// provider, so a dashboard or alert sees each provider from the first scrape. Runs after options
/// validation (the host validates before it starts hosted services), so resolving the mutator here
/// cannot turn a configuration error into a different failure.
/// </summary>
internal sealed class ProviderSeriesInitialiser(IServiceProvider services, WebhookMetrics metrics) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<PodMutator>() is { } mutator)
        {
            metrics.InitialiseProviders(mutator.Providers.Select(p => p.Name));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
