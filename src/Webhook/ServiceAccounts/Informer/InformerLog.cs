using Microsoft.Extensions.Logging;

namespace PodIdentity.Webhook.ServiceAccounts.Informer;

internal static partial class InformerLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "{Resource} informer: listed {Count} objects in {Pages} page(s) at resourceVersion {ResourceVersion} in {ElapsedMs} ms")]
    public static partial void Listed(ILogger logger, string resource, int count, int pages, string resourceVersion, long elapsedMs);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "{Resource} informer: list failed; retrying in {DelayMs} ms")]
    public static partial void ListFailed(ILogger logger, Exception exception, string resource, long delayMs);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "{Resource} informer: watching from resourceVersion {ResourceVersion}")]
    public static partial void WatchOpening(ILogger logger, string resource, string resourceVersion);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Debug, Message = "{Resource} informer: watch closed by the server after {Events} event(s) at resourceVersion {ResourceVersion}; reopening")]
    public static partial void WatchClosed(ILogger logger, string resource, int events, string resourceVersion);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "{Resource} informer: watch failed at resourceVersion {ResourceVersion}; reopening in {DelayMs} ms")]
    public static partial void WatchFailed(ILogger logger, Exception exception, string resource, string resourceVersion, long delayMs);

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
