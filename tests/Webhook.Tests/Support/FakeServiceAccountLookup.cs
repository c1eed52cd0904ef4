using System.Collections.Concurrent;
using k8s.Models;
using PodIdentity.Webhook.ServiceAccounts;

namespace PodIdentity.Webhook.Tests.Support;

/// <summary>An in-memory lookup: found accounts, plus per-name behaviours (unavailable, slow, throwing).</summary>
internal sealed class FakeServiceAccountLookup : IServiceAccountLookup
{
    private readonly ConcurrentDictionary<(string, string), Func<CancellationToken, ValueTask<ServiceAccountLookupResult>>> _behaviours = new();

    public volatile bool Ready = true;

    public bool IsReady => Ready;

    public int Calls;

    public FakeServiceAccountLookup Add(string ns, string name, IDictionary<string, string>? annotations = null)
    {
        var account = new V1ServiceAccount
        {
            ApiVersion = "v1",
            Kind = "ServiceAccount",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Annotations = annotations },
        };
        _behaviours[(ns, name)] = _ => ValueTask.FromResult(new ServiceAccountLookupResult(account, ServiceAccountSource.Cache));
        return this;
    }

    public FakeServiceAccountLookup On(string ns, string name, Func<CancellationToken, ValueTask<ServiceAccountLookupResult>> behaviour)
    {
        _behaviours[(ns, name)] = behaviour;
        return this;
    }

    public ValueTask<ServiceAccountLookupResult> FindAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        return _behaviours.TryGetValue((@namespace, name), out var behaviour)
            ? behaviour(cancellationToken)
            : ValueTask.FromResult(ServiceAccountLookupResult.NotFound);
    }
}
