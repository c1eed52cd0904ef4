namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>
/// A ServiceAccount lookup that has to load before it can answer (the list+watch cache): /readyz waits for it.
/// Lookups that do not implement it (demo files, tests' fakes) are ready at once.
/// </summary>
public interface IServiceAccountReadiness
{
    /// <summary>True once the first full list has been loaded.</summary>
    bool IsReady { get; }
}
