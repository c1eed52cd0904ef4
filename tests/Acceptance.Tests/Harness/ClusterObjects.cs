namespace PodIdentity.Acceptance.Tests.Harness;

/// <summary>ConfigMaps and Secrets in the pod's namespace, by name: what the kubelet would read for configMap and secret volumes.</summary>
internal sealed class ClusterObjects
{
    public Dictionary<string, IReadOnlyDictionary<string, string>> ConfigMaps { get; } = [];

    public Dictionary<string, IReadOnlyDictionary<string, string>> Secrets { get; } = [];
}
