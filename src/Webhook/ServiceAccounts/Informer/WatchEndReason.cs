namespace PodIdentity.Webhook.ServiceAccounts.Informer;

/// <summary>Why a watch ended; the label of the watch-restarts metric.</summary>
public enum WatchEndReason
{
    /// <summary>The server ended the stream (its timeout, or a graceful close): reopen from the last resourceVersion.</summary>
    Closed,

    /// <summary>Transport or server error: reopen after a jittered backoff.</summary>
    Error,

    /// <summary>410 Gone / Expired: the resourceVersion is too old, a full relist follows.</summary>
    Gone,

    /// <summary>The watchdog saw nothing for longer than the silence limit and cancelled the watch.</summary>
    Silent,
}

internal static class WatchEndReasonExtensions
{
    public static string Label(this WatchEndReason reason) => reason switch
    {
        WatchEndReason.Closed => "closed",
        WatchEndReason.Error => "error",
        WatchEndReason.Gone => "gone",
        WatchEndReason.Silent => "silent",
        _ => "unknown",
    };
}
