using k8s;
using k8s.Exceptions;

namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>
/// Where the API server is: <c>ServiceAccountCache:Kubeconfig</c> if given; else the in-cluster
/// configuration when running in a pod; else KUBECONFIG or ~/.kube/config.
/// </summary>
internal static class KubernetesConfigurationLoader
{
    public static KubernetesClientConfiguration Load(ServiceAccountCacheOptions options)
    {
        try
        {
            if (!string.IsNullOrEmpty(options.Kubeconfig))
            {
                return KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig);
            }

            return KubernetesClientConfiguration.IsInCluster()
                ? KubernetesClientConfiguration.InClusterConfig()
                : KubernetesClientConfiguration.BuildDefaultConfig();
        }
        catch (KubeConfigException e)
        {
            var source = string.IsNullOrEmpty(options.Kubeconfig) ? "the in-cluster configuration, KUBECONFIG or ~/.kube/config" : $"'{options.Kubeconfig}'";
            throw new InvalidOperationException(
                $"Cannot configure the Kubernetes client from {source}: {e.Message}. Run in a pod with a ServiceAccount token, set KUBECONFIG, or pass --{ServiceAccountCacheOptions.Section}:Kubeconfig <path>.",
                e);
        }
    }
}
