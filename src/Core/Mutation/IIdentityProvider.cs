using PodIdentity.Core.Validation;

namespace PodIdentity.Core.Mutation;

/// <summary>
/// One cloud's way of handing a pod credentials. When a ServiceAccount is stored the provider reads its
/// annotations once into a <see cref="PreparedIdentity"/> (problems, or values with their patch JSON); per review
/// that identity reads only the pod. <see cref="PodMutator"/> decides what actually gets added.
/// </summary>
public interface IIdentityProvider
{
    /// <summary>Short name used in logs, metrics and messages, e.g. "aws".</summary>
    string Name { get; }

    /// <summary>True for ServiceAccount annotation keys this provider reads; the cache keeps only those.</summary>
    bool ReadsServiceAccountAnnotation(string key);

    /// <summary>This provider's identity for the ServiceAccount, or null when it asks for none.</summary>
    PreparedIdentity? Prepare(ServiceAccountAnnotations serviceAccount);
}
