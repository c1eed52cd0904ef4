using k8s.Models;

namespace PodIdentity.Acceptance.Tests.Harness;

/// <summary>The pod as the API server would store it, with the ServiceAccount it runs as.</summary>
internal sealed record MutatedPod(V1Pod Pod, V1ServiceAccount ServiceAccount, string Namespace, IReadOnlyList<string> Warnings)
{
    public V1Container Container(string name) =>
        Pod.Spec.Containers.Concat(Pod.Spec.InitContainers ?? []).FirstOrDefault(c => c.Name == name)
        ?? throw new InvalidOperationException($"pod {Pod.Metadata?.Name} has no container \"{name}\"");
}
