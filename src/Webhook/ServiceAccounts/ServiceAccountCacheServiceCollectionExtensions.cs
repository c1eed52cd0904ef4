using k8s;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.ServiceAccounts;
using PodIdentity.Webhook.Observability;

namespace PodIdentity.Webhook.ServiceAccounts;

public static class ServiceAccountCacheServiceCollectionExtensions
{
    /// <summary>
    /// Cluster mode: binds and validates <see cref="ServiceAccountCacheOptions"/> (section
    /// "ServiceAccountCache"), configures the Kubernetes client (unless a
    /// <see cref="KubernetesClientConfiguration"/> or <see cref="Kubernetes"/> client is already
    /// registered), runs the ServiceAccount informer as a hosted service and registers
    /// <see cref="IServiceAccountLookup"/> (also the <see cref="IServiceAccountReadiness"/> /readyz waits for). Needs
    /// <see cref="PodMutator"/> (AddPodMutation), which prepares every stored ServiceAccount, and
    /// <see cref="WebhookMetrics"/> as singletons.
    /// </summary>
    public static IServiceCollection AddServiceAccountCache(this IServiceCollection services)
    {
        services.AddOptions<ServiceAccountCacheOptions>().BindConfiguration(ServiceAccountCacheOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceAccountCacheOptions>, ServiceAccountCacheOptionsValidator>());

        services.TryAddSingleton(sp => KubernetesConfigurationLoader.Load(sp.GetRequiredService<IOptions<ServiceAccountCacheOptions>>().Value));
        services.TryAddSingleton(sp => new Kubernetes(sp.GetRequiredService<KubernetesClientConfiguration>()));

        services.TryAddSingleton(sp => new ServiceAccountJson(sp.GetRequiredService<PodMutator>().IsRelevantAnnotation));
        services.TryAddSingleton<ServiceAccountStore>();
        services.TryAddSingleton<DirectServiceAccountReader>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<NotFoundCache>();
        services.TryAddSingleton<ServiceAccountInformer>();
        services.AddHostedService(sp => sp.GetRequiredService<ServiceAccountInformer>());
        services.TryAddSingleton<ServiceAccountCache>();
        services.TryAddSingleton<IServiceAccountLookup>(sp => sp.GetRequiredService<ServiceAccountCache>());
        return services;
    }
}
