using PodIdentity.Core.Mutation;
using Prepared = PodIdentity.Core.ServiceAccounts;

namespace PodIdentity.Webhook.ServiceAccounts;

// Transitional (issue 16): until the store keeps prepared ServiceAccounts, prepare each one found.
internal sealed class PreparingLookup(IServiceAccountLookup inner, PodMutator mutator) : Prepared.IServiceAccountLookup
{
    public async ValueTask<Prepared.ServiceAccountLookupResult> FindAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        var found = await inner.FindAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        return new(found.Account is null ? null : mutator.Prepare(found.Account), (Prepared.ServiceAccountSource)(int)found.Source, found.Error);
    }
}
