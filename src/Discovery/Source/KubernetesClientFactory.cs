using k8s;

namespace PodIdentity.Discovery.Source;

/// <summary>In-cluster with the pod's own ServiceAccount, else --kubeconfig, else KUBECONFIG / ~/.kube/config.</summary>
internal static class KubernetesClientFactory
{
    public static IKubernetes Create(string? kubeconfigPath)
    {
        KubernetesClientConfiguration config;
        if (!string.IsNullOrEmpty(kubeconfigPath))
        {
            if (!File.Exists(kubeconfigPath))
            {
                throw new FileNotFoundException($"--kubeconfig \"{kubeconfigPath}\" does not exist; pass the path of a kubeconfig file, e.g. --kubeconfig ~/.kube/config", kubeconfigPath);
            }

            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath);
        }
        else if (KubernetesClientConfiguration.IsInCluster())
        {
            config = KubernetesClientConfiguration.InClusterConfig();
        }
        else
        {
            var path = Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } env
                ? env.Split(Path.PathSeparator)[0]
                : KubernetesClientConfiguration.KubeConfigDefaultLocation;
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"no Kubernetes credentials: not running in a pod (KUBERNETES_SERVICE_HOST unset) and kubeconfig \"{path}\" does not exist; pass --kubeconfig <path> or set KUBECONFIG",
                    path);
            }

            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        }

        return new Kubernetes(config, new RawDocumentHandler());
    }
}
