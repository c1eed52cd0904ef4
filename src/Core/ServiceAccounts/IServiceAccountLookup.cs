using PodIdentity.Core.Mutation;

namespace PodIdentity.Core.ServiceAccounts;

/// <summary>
/// Where a review gets the pod's ServiceAccount, prepared: the list+watch cache in a cluster, YAML files in
/// demo mode and <c>preview</c>.
/// </summary>
public interface IServiceAccountLookup
{
    /// <summary>
    /// The prepared ServiceAccount, not found, or unavailable (never an exception for API server trouble).
    /// Cancelling the token (the request's budget) ends any wait.
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

public sealed record ServiceAccountLookupResult(PreparedServiceAccount? Account, ServiceAccountSource Source, string? Error = null)
{
    public static ServiceAccountLookupResult NotFound { get; } = new(null, ServiceAccountSource.NotFound);

    public static ServiceAccountLookupResult Unavailable(string error) => new(null, ServiceAccountSource.Unavailable, error);
}
