using PodIdentity.Core.Mutation;
using Microsoft.Extensions.Options;
using PodIdentity.Core.Admission;
using PodIdentity.Core.ServiceAccounts;
using PodIdentity.Webhook.Observability;

namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>
/// <see cref="IServiceAccountLookup"/> for a cluster: the list+watch store first (a hit returns the stored
/// <see cref="PreparedServiceAccount"/>, no I/O); on a miss, wait up to the grace period for the watch
/// to deliver the account (woken by the watch, no polling), then one guarded direct read. API server trouble and an exhausted
/// request budget become <see cref="ServiceAccountSource.Unavailable"/>, never an exception.
/// </summary>
internal sealed class ServiceAccountCache(
    ServiceAccountStore store,
    DirectServiceAccountReader reader,
    NotFoundCache notFound,
    IOptions<ServiceAccountCacheOptions> options,
    WebhookMetrics metrics,
    ILogger<ServiceAccountCache> logger) : IServiceAccountLookup, IServiceAccountReadiness
{
    private readonly TimeSpan gracePeriod = options.Value.GracePeriod;

    public bool IsReady => store.IsReady;

    public ValueTask<ServiceAccountLookupResult> FindAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(name);
        if (!KubernetesNames.IsLabel(@namespace) || !KubernetesNames.IsSubdomain(name))
        {
            // Not a name: no object has it, and in a URL it could address another one (../other/serviceaccounts/x).
            return new ValueTask<ServiceAccountLookupResult>(ServiceAccountLookupResult.NotFound);
        }

        var key = new ServiceAccountKey(@namespace, name);
        return store.TryGet(key, out var hit)
            ? new ValueTask<ServiceAccountLookupResult>(Result(hit, ServiceAccountSource.Cache))
            : new ValueTask<ServiceAccountLookupResult>(MissAsync(key, cancellationToken));
    }

    private async Task<ServiceAccountLookupResult> MissAsync(ServiceAccountKey key, CancellationToken cancellationToken)
    {
        // Before the first list there is no watch to wait for: go straight to the API server.
        if (store.IsReady && gracePeriod > TimeSpan.Zero)
        {
            var waiter = store.GetOrAddWaiter(key);

            // The account may have arrived between the first look and the registration.
            if (store.TryGet(key, out var hit))
            {
                store.RemoveWaiter(key, waiter);
                return Result(hit, ServiceAccountSource.Cache);
            }

            metrics.CacheMisses.Inc();
            ServiceAccountCacheLog.Miss(logger, key.Namespace, key.Name, gracePeriod);
            try
            {
                var arrived = await waiter.Task.WaitAsync(gracePeriod, cancellationToken).ConfigureAwait(false);
                ServiceAccountCacheLog.FoundAfterGrace(logger, key.Namespace, key.Name);
                return Result(arrived, ServiceAccountSource.AfterGracePeriod);
            }
            catch (TimeoutException)
            {
                store.RemoveWaiter(key, waiter);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                store.RemoveWaiter(key, waiter);
                return Unavailable(key, "request budget exhausted while waiting for the watch");
            }

            // Another lookup of the same key may have removed the shared waiter before the watch fired.
            if (store.TryGet(key, out hit))
            {
                return Result(hit, ServiceAccountSource.AfterGracePeriod);
            }
        }
        else
        {
            metrics.CacheMisses.Inc();
        }

        if (notFound.Contains(key))
        {
            metrics.FallbackLookups.WithLabels("not_found_cached").Inc();
            return ServiceAccountLookupResult.NotFound;
        }

        var read = await reader.ReadAsync(key, cancellationToken).ConfigureAwait(false);
        switch (read.Outcome)
        {
            case DirectReadOutcome.Found:
                metrics.FallbackLookups.WithLabels("found").Inc();
                notFound.Remove(key);
                ServiceAccountCacheLog.FoundByDirectRead(logger, key.Namespace, key.Name);
                return Result(store.AddFromDirectRead(key, read.Account!), ServiceAccountSource.ApiServer);
            case DirectReadOutcome.NotFound:
                metrics.FallbackLookups.WithLabels("not_found").Inc();
                notFound.Add(key);
                ServiceAccountCacheLog.NotFound(logger, key.Namespace, key.Name);
                return ServiceAccountLookupResult.NotFound;
            case DirectReadOutcome.Rejected:
                metrics.FallbackLookups.WithLabels("rejected").Inc();
                return Unavailable(key, read.Error!);
            default:
                metrics.FallbackLookups.WithLabels("error").Inc();
                return Unavailable(key, read.Error!);
        }
    }

    private static ServiceAccountLookupResult Result(PreparedServiceAccount account, ServiceAccountSource source) =>
        new(account, source);

    private ServiceAccountLookupResult Unavailable(ServiceAccountKey key, string reason)
    {
        ServiceAccountCacheLog.Unavailable(logger, key.Namespace, key.Name, reason);
        return ServiceAccountLookupResult.Unavailable($"ServiceAccount {key} could not be read: {reason}");
    }
}
