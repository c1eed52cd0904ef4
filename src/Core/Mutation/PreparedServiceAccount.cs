namespace PodIdentity.Core.Mutation;

/// <summary>
/// A ServiceAccount as reviews use it: every enabled provider's identity for it, made by
/// <see cref="PodMutator.Prepare(string, string, IEnumerable{KeyValuePair{string, string}}?)"/> when it is stored
/// (watch event, direct read, demo or preview file). ServiceAccounts without an annotation any enabled provider
/// reads all share one instance, so the cache keeps little more than their names.
/// </summary>
public sealed class PreparedServiceAccount
{
    internal PreparedServiceAccount(PreparedIdentity[] identities, bool readByProvider)
    {
        Identities = identities;
        IsReadByProvider = readByProvider;
    }

    /// <summary>In provider order; providers that ask for nothing have none.</summary>
    public IReadOnlyList<PreparedIdentity> Identities { get; }

    /// <summary>False for the shared instance of ServiceAccounts without any annotation an enabled provider reads.</summary>
    public bool IsReadByProvider { get; }
}
