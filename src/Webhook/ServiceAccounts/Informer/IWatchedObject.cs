namespace PodIdentity.Webhook.ServiceAccounts.Informer;

/// <summary>What the list+watch loop itself reads of an object: where it is (for its log lines) and its resourceVersion.</summary>
public interface IWatchedObject
{
    string Namespace { get; }

    string Name { get; }

    string? ResourceVersion { get; }
}
