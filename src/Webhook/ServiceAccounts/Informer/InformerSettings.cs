namespace PodIdentity.Webhook.ServiceAccounts.Informer;

/// <summary>Timing of one informer's list+watch loop.</summary>
/// <param name="PageSize">Items per list page (<c>limit</c>); pages are chained with <c>continue</c>.</param>
/// <param name="WatchTimeout">Server-side <c>timeoutSeconds</c> of one watch request.</param>
/// <param name="SilenceLimit">Watchdog: a watch silent this long (no event, no bookmark) is cancelled and reopened.</param>
/// <param name="BackoffInitial">First delay after a failure.</param>
/// <param name="BackoffMax">Largest delay between attempts.</param>
public sealed record InformerSettings(
    int PageSize,
    TimeSpan WatchTimeout,
    TimeSpan SilenceLimit,
    TimeSpan BackoffInitial,
    TimeSpan BackoffMax);
