using k8s.Models;
using PodIdentity.Core.Text;

namespace PodIdentity.Core.Mutation;

/// <summary>Everything a provider may look at: the pod, its ServiceAccount and the request namespace.</summary>
public sealed class InjectionContext
{
    private static readonly Dictionary<string, string> NoAnnotations = new(0);

    public InjectionContext(string @namespace, V1Pod pod, V1ServiceAccount serviceAccount)
    {
        Namespace = @namespace;
        Pod = pod;
        ServiceAccount = serviceAccount;
        ServiceAccountName = serviceAccount.Metadata?.Name ?? ServiceAccountNameOf(pod);
        ServiceAccountAnnotations = serviceAccount.Metadata?.Annotations ?? NoAnnotations;
        PodAnnotations = pod.Metadata?.Annotations ?? NoAnnotations;
    }

    public string Namespace { get; }
    public V1Pod Pod { get; }
    public V1ServiceAccount ServiceAccount { get; }
    public string ServiceAccountName { get; }
    public IDictionary<string, string> ServiceAccountAnnotations { get; }
    public IDictionary<string, string> PodAnnotations { get; }

    /// <summary>Upper bound of the pod's token-expiration annotation (<see cref="MutationOptions.MaxPodTokenExpirationSeconds"/>); set by the mutator.</summary>
    public long MaxPodTokenExpirationSeconds { get; internal set; } = MutationOptions.DefaultMaxPodTokenExpirationSeconds;

    /// <summary>How messages name the ServiceAccount: <c>ServiceAccount "ns/name"</c> (each part bounded, one line).</summary>
    public string ServiceAccountSubject => $"ServiceAccount \"{SafeText.Value(Namespace)}/{SafeText.Value(ServiceAccountName)}\"";

    /// <summary>How messages name the pod; pods made by controllers only have a generateName at admission.</summary>
    public string PodSubject => $"Pod \"{SafeText.Value(Namespace)}/{SafeText.Value(PodDisplayName(Pod))}\"";

    public static string ServiceAccountNameOf(V1Pod pod) =>
        string.IsNullOrEmpty(pod.Spec?.ServiceAccountName) ? "default" : pod.Spec.ServiceAccountName;

    public static string PodDisplayName(V1Pod pod) =>
        pod.Metadata?.Name is { Length: > 0 } name ? name
        : pod.Metadata?.GenerateName is { Length: > 0 } generated ? generated + "*"
        : "(unnamed)";
}
