using k8s.Models;

namespace PodIdentity.Core.ServiceAccounts;

/// <summary>
/// A ServiceAccount as reviews use it, made by <c>PodMutator.Prepare</c> when it is stored (watch event, direct
/// read, demo or preview file). ServiceAccounts no enabled provider reads all share one instance.
/// </summary>
public sealed class PreparedServiceAccount
{
    // Transitional: the ServiceAccount's relevant annotations; replaced by prepared identities.
    internal PreparedServiceAccount(V1ServiceAccount account, bool readByProvider)
    {
        Account = account;
        IsReadByProvider = readByProvider;
    }

    internal V1ServiceAccount Account { get; }

    /// <summary>False for the shared instance of ServiceAccounts without any annotation an enabled provider reads.</summary>
    public bool IsReadByProvider { get; }
}
