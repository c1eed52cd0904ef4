namespace PodIdentity.Webhook.ServiceAccounts;

// Replaced by the cache branch at merge.
internal static class ClusterModePlaceholder
{
    public static IServiceCollection AddServiceAccountCache(this IServiceCollection services) => throw new InvalidOperationException("cluster mode is wired by the ServiceAccount cache");
}
