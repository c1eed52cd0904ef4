namespace PodIdentity.Webhook.ServiceAccounts.Informer;

/// <summary>The <c>type</c> of one line of a Kubernetes watch stream.</summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>Carries only a newer resourceVersion (sent because the watch asked for bookmarks).</summary>
    Bookmark,

    /// <summary>The object is a Status (for example 410 Expired); the stream ends after it.</summary>
    Error,
}
