using k8s.Models;

namespace PodIdentity.Core.Pods;

/// <summary>
/// KubernetesClient's <see cref="V1Pod"/> (a pod read from a YAML file by <c>preview</c>, or built by a test) as
/// the <see cref="Pod"/> mutation reads. Check <see cref="Admission.PodShape.NullElement(V1Pod)"/> first: null
/// elements are refused there, with the field named (the decoder refuses them as it reads).
/// </summary>
public static class PodModel
{
    public static Pod From(V1Pod pod) => new()
    {
        Name = pod.Metadata?.Name,
        GenerateName = pod.Metadata?.GenerateName,
        Namespace = pod.Metadata?.NamespaceProperty,
        Annotations = Copy(pod.Metadata?.Annotations),
        Labels = ProviderLabels(pod.Metadata?.Labels),
        ServiceAccountName = pod.Spec?.ServiceAccountName,
        NodeSelector = Copy(pod.Spec?.NodeSelector),
        Containers = Containers(pod.Spec?.Containers),
        InitContainers = Containers(pod.Spec?.InitContainers),
        Volumes = pod.Spec?.Volumes?.Select(v => v.Name).ToArray(),
    };

    private static Dictionary<string, string>? Copy(IDictionary<string, string>? map) =>
        map is null ? null : new Dictionary<string, string>(map, StringComparer.Ordinal);

    private static Dictionary<string, string>? ProviderLabels(IDictionary<string, string>? labels)
    {
        if (labels is null)
        {
            return null;
        }

        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in Admission.AdmissionReviewReader.ProviderLabels)
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

    /// <summary>
    /// TEMPORARY (issue 16, decoder branch): the <see cref="V1Pod"/> that <c>InjectionContext</c> still takes, until
    /// mutation reads <see cref="Pod"/>; used only by <c>AdmissionReviewer.Review</c>. Delete with that refactor.
    /// </summary>
    internal static V1Pod ToV1Pod(Pod pod) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = pod.Name,
            GenerateName = pod.GenerateName,
            NamespaceProperty = pod.Namespace,
            Annotations = pod.Annotations is null ? null : new Dictionary<string, string>(pod.Annotations, StringComparer.Ordinal),
            Labels = pod.Labels is null ? null : new Dictionary<string, string>(pod.Labels, StringComparer.Ordinal),
        },
        Spec = new V1PodSpec
        {
            ServiceAccountName = pod.ServiceAccountName,
            NodeSelector = pod.NodeSelector is null ? null : new Dictionary<string, string>(pod.NodeSelector, StringComparer.Ordinal),
            Containers = ToV1Containers(pod.Containers),
            InitContainers = ToV1Containers(pod.InitContainers),
            Volumes = pod.Volumes?.Select(name => new V1Volume { Name = name }).ToList(),
        },
    };

    private static List<V1Container>? ToV1Containers(IReadOnlyList<Container>? containers) =>
        containers?.Select(c => new V1Container
        {
            Name = c.Name,
            Env = c.Env?.Select(e => new V1EnvVar { Name = e.Name, Value = e.Value }).ToList(),
            VolumeMounts = c.VolumeMounts?.Select(m => new V1VolumeMount { Name = m.Name, MountPath = m.MountPath }).ToList(),
        }).ToList();
}
