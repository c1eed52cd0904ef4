using PodIdentity.Core.Mutation;
using PodIdentity.Core.ServiceAccounts;

namespace PodIdentity.Webhook.Demo;

/// <summary>
/// Demo mode's <see cref="IServiceAccountLookup"/>: the ServiceAccounts of the local files, each prepared once when
/// the lookup is made, as the cluster cache prepares them when they arrive. A name not in the files is "not found".
/// </summary>
public sealed class DemoServiceAccountLookup : IServiceAccountLookup
{
    private readonly Dictionary<(string Namespace, string Name), ServiceAccountLookupResult> found = [];

    public DemoServiceAccountLookup(DemoServiceAccounts accounts, PodMutator mutator)
    {
        foreach (var account in accounts.Accounts)
        {
            var ns = DemoServiceAccounts.NamespaceOf(account);
            var name = account.Metadata?.Name ?? "";
            found[(ns, name)] = new ServiceAccountLookupResult(mutator.Prepare(ns, name, account.Metadata?.Annotations), ServiceAccountSource.Cache);
        }
    }

    public ValueTask<ServiceAccountLookupResult> FindAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(found.TryGetValue((@namespace, name), out var result) ? result : ServiceAccountLookupResult.NotFound);
}
