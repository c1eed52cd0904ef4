namespace PodIdentity.Core.Mutation;

/// <summary>
/// A ServiceAccount as reviews use it: every enabled provider's identity for it, made by
/// <see cref="PodMutator.Prepare(string, string, IEnumerable{KeyValuePair{string, string}}?)"/> when it is stored
/// (watch event, list page, direct read, demo or preview file). What is kept at once is only the annotations a provider
/// reads; the identities (validation, values with their patch JSON) are made when the first pod of the ServiceAccount is
/// reviewed, and kept: most ServiceAccounts of a large cluster never run a pod that asks, and 500,000 prepared
/// identities would not fit the cache's memory budget. ServiceAccounts without such annotations all share one instance.
/// </summary>
public sealed class PreparedServiceAccount
{
    private readonly Func<PreparedServiceAccount, PreparedIdentity[]>? prepare;
    private PreparedIdentity[]? identities;

    internal PreparedServiceAccount(PreparedIdentity[] identities)
    {
        this.identities = identities;
        Namespace = "";
        Name = "";
        Annotations = [];
    }

    internal PreparedServiceAccount(string @namespace, string name, KeyValuePair<string, string>[] annotations, Func<PreparedServiceAccount, PreparedIdentity[]> prepare)
    {
        Namespace = @namespace;
        Name = name;
        Annotations = annotations;
        this.prepare = prepare;
    }

    internal string Namespace { get; }

    internal string Name { get; }

    /// <summary>The annotations an enabled provider reads.</summary>
    internal KeyValuePair<string, string>[] Annotations { get; }

    /// <summary>In provider order; providers that ask for nothing have none. Made once (a race makes two equal sets).</summary>
    public IReadOnlyList<PreparedIdentity> Identities => identities ??= prepare!(this);

    /// <summary>False for the shared instance of ServiceAccounts without any annotation an enabled provider reads.</summary>
    public bool IsReadByProvider => prepare is not null;
}
