using PodIdentity.Core.Pods;
using PodIdentity.Core.Text;
using PodIdentity.Core.Validation;

namespace PodIdentity.Core.Mutation;

/// <summary>What a prepared identity may read per review: the pod and its namespace. The rest was read when the ServiceAccount was prepared.</summary>
public sealed class PodContext(string @namespace, Pod pod, long maxPodTokenExpirationSeconds = MutationOptions.DefaultMaxPodTokenExpirationSeconds)
{
    private static readonly Dictionary<string, string> None = [];

    public string Namespace { get; } = @namespace;

    public Pod Pod { get; } = pod;

    public string ServiceAccountName => Pod.ServiceAccount;

    public IReadOnlyDictionary<string, string> PodAnnotations { get; } = pod.Annotations ?? None;

    /// <summary>Upper bound of a pod's token-expiration annotation (<see cref="MutationOptions.MaxPodTokenExpirationSeconds"/>).</summary>
    public long MaxPodTokenExpirationSeconds { get; } = maxPodTokenExpirationSeconds;

    /// <summary>Windows pods read the token mount through a drive-letter path.</summary>
    public bool IsWindows =>
        Pod.NodeSelector is { } selector
        && (selector.GetValueOrDefault("kubernetes.io/os") == "windows" || selector.GetValueOrDefault("beta.kubernetes.io/os") == "windows");

    /// <summary>How messages name the pod: <c>Pod "ns/name"</c> (each part bounded, one line).</summary>
    public string PodSubject => $"Pod \"{SafeText.Value(Namespace)}/{SafeText.Value(Pod.DisplayName)}\"";

    public string ServiceAccountSubject => ServiceAccountAnnotations.Describe(Namespace, ServiceAccountName);
}
