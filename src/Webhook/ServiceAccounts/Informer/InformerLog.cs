using Microsoft.Extensions.Logging;

namespace PodIdentity.Webhook.ServiceAccounts.Informer;

internal static partial class InformerLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "{Resource} informer: listed {Count} objects in {Pages} page(s) at resourceVersion {ResourceVersion} in {ElapsedMs} ms")]
    public static partial void Listed(ILogger logger, string resource, int count, int pages, string resourceVersion, long elapsedMs);

    // Failures: one line per backoff with the reason; the exception with its stack trace only at
    // Debug, since an unreachable API server would otherwise print a full trace every few seconds.
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "{Resource} informer: list failed ({Reason}); retrying in {DelayMs} ms")]
    public static partial void ListFailed(ILogger logger, string resource, string reason, long delayMs);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Debug, Message = "{Resource} informer: list failure detail")]
    public static partial void ListFailedDetail(ILogger logger, Exception exception, string resource);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "{Resource} informer: watching from resourceVersion {ResourceVersion}")]
    public static partial void WatchOpening(ILogger logger, string resource, string resourceVersion);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Debug, Message = "{Resource} informer: watch closed by the server after {Events} event(s) at resourceVersion {ResourceVersion}; reopening")]
    public static partial void WatchClosed(ILogger logger, string resource, int events, string resourceVersion);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "{Resource} informer: watch failed at resourceVersion {ResourceVersion} ({Reason}); reopening in {DelayMs} ms")]
    public static partial void WatchFailed(ILogger logger, string resource, string resourceVersion, string reason, long delayMs);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Debug, Message = "{Resource} informer: watch failure detail")]
    public static partial void WatchFailedDetail(ILogger logger, Exception exception, string resource);

    /// <summary>The failure in one bounded line: exception type and message (inner ones too), control characters replaced.</summary>
    public static string Reason(Exception exception)
    {
        const int Limit = 256;
        var text = new System.Text.StringBuilder();
        for (var e = exception; e is not null && text.Length < Limit; e = e.InnerException)
        {
            if (text.Length > 0)
            {
                text.Append(" <- ");
            }

            text.Append(e.GetType().Name).Append(": ").Append(e.Message);
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]))
            {
                text[i] = ' ';
            }
        }

        return text.Length <= Limit ? text.ToString() : string.Concat(text.ToString(0, Limit), "…");
    }

    [LoggerMessage(EventId = 2105, Level = LogLevel.Information, Message = "{Resource} informer: resourceVersion {ResourceVersion} is gone (410); relisting")]
    public static partial void WatchGone(ILogger logger, string resource, string resourceVersion);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Warning, Message = "{Resource} informer: watch silent for {SilenceLimit}; watchdog reopens it from resourceVersion {ResourceVersion}")]
    public static partial void WatchSilent(ILogger logger, string resource, TimeSpan silenceLimit, string resourceVersion);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Trace, Message = "{Resource} informer: bookmark at resourceVersion {ResourceVersion}")]
    public static partial void Bookmark(ILogger logger, string resource, string resourceVersion);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Trace, Message = "{Resource} informer: {EventType} {Namespace}/{Name} at resourceVersion {ResourceVersion}")]
    public static partial void Event(ILogger logger, string resource, WatchEventType eventType, string? @namespace, string? name, string? resourceVersion);

    [LoggerMessage(EventId = 2109, Level = LogLevel.Information, Message = "{Resource} informer stopped")]
    public static partial void Stopped(ILogger logger, string resource);
}
