using k8s.Models;

namespace PodIdentity.Core.Pods;

/// <summary>
/// KubernetesClient's <see cref="V1Pod"/> (a pod read from a YAML file by <c>preview</c>, or built by a test) as
/// the <see cref="Pod"/> mutation reads. Check <c>PodShape.NullElement</c> first: null elements are refused there,
/// with the field named.
/// </summary>
public static class PodModel
{
    public static Pod From(V1Pod pod) => new()
    {
        Name = pod.Metadata?.Name,
        GenerateName = pod.Metadata?.GenerateName,
        Namespace = pod.Metadata?.NamespaceProperty,
        Annotations = Copy(pod.Metadata?.Annotations),
        Labels = KeptLabels(pod.Metadata?.Labels),
        ServiceAccountName = pod.Spec?.ServiceAccountName,
        NodeSelector = Copy(pod.Spec?.NodeSelector),
        Containers = Containers(pod.Spec?.Containers),
        InitContainers = Containers(pod.Spec?.InitContainers),
        Volumes = pod.Spec?.Volumes?.Select(v => v.Name).ToArray(),
    };

    private static Dictionary<string, string>? Copy(IDictionary<string, string>? map) =>
        map is null ? null : new Dictionary<string, string>(map, StringComparer.Ordinal);

    private static Dictionary<string, string>? KeptLabels(IDictionary<string, string>? labels)
    {
        if (labels is null)
        {
            return null;
        }

        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in ProviderLabels.All)
        {
            if (labels.TryGetValue(key, out var value))
            {
                kept[key] = value;
            }
        }

        return kept;
    }

    private static Container[]? Containers(IList<V1Container>? containers) =>
        containers?.Select(c => new Container(c.Name ?? "")
        {
            Env = c.Env?.Select(e => new EnvVar(e.Name, e.Value)).ToArray(),
            VolumeMounts = c.VolumeMounts?.Select(m => new VolumeMount(m.Name, m.MountPath)).ToArray(),
        }).ToArray();
}
