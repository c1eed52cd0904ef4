using System.Collections.Concurrent;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.ServiceAccounts;
using PodIdentity.Webhook.ServiceAccounts;

namespace PodIdentity.Webhook.Tests.Support;

/// <summary>
/// An in-memory lookup: found accounts, plus per-name behaviours (unavailable, slow, throwing). Found accounts are
/// prepared by the host's own <see cref="PodMutator"/> (set by <see cref="WebhookServer"/>), as the cache prepares them.
/// </summary>
internal sealed class FakeServiceAccountLookup : IServiceAccountLookup, IServiceAccountReadiness
{
    private readonly ConcurrentDictionary<(string, string), Func<CancellationToken, ValueTask<ServiceAccountLookupResult>>> _behaviours = new();

    public volatile bool Ready = true;

    public bool IsReady => Ready;

    public int Calls;

    public PodMutator? Mutator { get; set; }

    public FakeServiceAccountLookup Add(string ns, string name, IDictionary<string, string>? annotations = null)
    {
        _behaviours[(ns, name)] = _ => ValueTask.FromResult(Found(ns, name, annotations, ServiceAccountSource.Cache));
        return this;
    }

    public FakeServiceAccountLookup On(string ns, string name, Func<CancellationToken, ValueTask<ServiceAccountLookupResult>> behaviour)
    {
        _behaviours[(ns, name)] = behaviour;
        return this;
    }

    /// <summary>A found ServiceAccount, prepared by the host's mutator.</summary>
    public ServiceAccountLookupResult Found(string ns, string name, IDictionary<string, string>? annotations, ServiceAccountSource source) =>
        new((Mutator ?? throw new InvalidOperationException("FakeServiceAccountLookup.Mutator is set once the host is built")).Prepare(ns, name, annotations), source);

    public ValueTask<ServiceAccountLookupResult> FindAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        return _behaviours.TryGetValue((@namespace, name), out var behaviour)
            ? behaviour(cancellationToken)
            : ValueTask.FromResult(ServiceAccountLookupResult.NotFound);
    }
}
