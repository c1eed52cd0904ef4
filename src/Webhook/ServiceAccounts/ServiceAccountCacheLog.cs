namespace PodIdentity.Webhook.ServiceAccounts;

internal static partial class ServiceAccountCacheLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "ServiceAccount {Namespace}/{Name} not in cache; waiting up to {GracePeriod} for the watch")]
    public static partial void Miss(ILogger logger, string @namespace, string name, TimeSpan gracePeriod);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "ServiceAccount {Namespace}/{Name} arrived through the watch within the grace period")]
    public static partial void FoundAfterGrace(ILogger logger, string @namespace, string name);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "ServiceAccount {Namespace}/{Name} found by a direct API server read (not yet seen by the watch)")]
    public static partial void FoundByDirectRead(ILogger logger, string @namespace, string name);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "ServiceAccount {Namespace}/{Name} does not exist (direct read: 404)")]
    public static partial void NotFound(ILogger logger, string @namespace, string name);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "ServiceAccount {Namespace}/{Name} unavailable: {Reason}")]
    public static partial void Unavailable(ILogger logger, string @namespace, string name, string reason);
}
