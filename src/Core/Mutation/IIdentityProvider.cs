namespace PodIdentity.Core.Mutation;

/// <summary>
/// One cloud's way of handing a pod credentials. A provider only reads annotations and
/// describes what it wants; <see cref="PodMutator"/> decides what actually gets added.
/// </summary>
public interface IIdentityProvider
{
    /// <summary>Short name used in logs, metrics and messages, e.g. "aws".</summary>
    string Name { get; }

    /// <summary>True for ServiceAccount annotation keys this provider reads; the cache keeps only those.</summary>
    bool ReadsServiceAccountAnnotation(string key);

    ProviderResult Plan(InjectionContext context);
}
