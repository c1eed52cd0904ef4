using k8s.Models;

namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>
/// Where the admission handler gets a pod's ServiceAccount: the list+watch cache in a cluster,
/// local YAML files in demo mode.
/// </summary>
public interface IServiceAccountLookup
{
    /// <summary>True once the first full list has been loaded; /readyz waits for it.</summary>
    bool IsReady { get; }

    /// <summary>
    /// Cache first; on a miss, wait the grace period for the watch, then one guarded direct read.
    /// Cancelling the token (the request's budget) ends the wait.
    /// </summary>
    ValueTask<ServiceAccountLookupResult> FindAsync(string @namespace, string name, CancellationToken cancellationToken);
}

public enum ServiceAccountSource
{
    Cache,
    AfterGracePeriod,
    ApiServer,
    NotFound,
    Unavailable,
}

public sealed record ServiceAccountLookupResult(V1ServiceAccount? Account, ServiceAccountSource Source, string? Error = null)
{
    public static ServiceAccountLookupResult NotFound { get; } = new(null, ServiceAccountSource.NotFound);

    public static ServiceAccountLookupResult Unavailable(string error) => new(null, ServiceAccountSource.Unavailable, error);
}
