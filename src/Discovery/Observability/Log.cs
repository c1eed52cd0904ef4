namespace PodIdentity.Discovery.Observability;

internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "cycle {Cycle}: {Outcome} — {LiveKeys} live + {RetainedKeys} retained keys; targets {Targets}; public check {PublicCheck}; {ElapsedMs} ms")]
    public static partial void CycleStatus(this ILogger logger, long cycle, string outcome, int liveKeys, int retainedKeys, string targets, string publicCheck, long elapsedMs);

    // One line per failed cycle; the exception with its stack trace only at Debug (an unreachable
    // API server would otherwise print a full trace every Discovery:Interval).
    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "cycle {Cycle}: cannot read the issuer documents from the API server; keeping the last good copy: {Reason}")]
    public static partial void SourceFailed(this ILogger logger, long cycle, string reason);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Debug, Message = "cycle {Cycle}: API server read failure detail")]
    public static partial void SourceFailedDetail(this ILogger logger, long cycle, Exception exception);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Debug, Message = "cycle {Cycle}: read the discovery document ({DiscoveryBytes} chars) and the JWKS ({JwksBytes} chars) from the API server")]
    public static partial void SourceRead(this ILogger logger, long cycle, int discoveryBytes, int jwksBytes);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "{Pipeline}: attempt {Attempt} failed ({Reason}); retrying in {DelayMs} ms")]
    public static partial void RetryScheduled(this ILogger logger, string pipeline, int attempt, string reason, long delayMs);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "cycle {Cycle}: check failed, nothing published: {Field}: {Problem}")]
    public static partial void CheckFailed(this ILogger logger, long cycle, string field, string problem);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "{Note}")]
    public static partial void CheckNote(this ILogger logger, string note);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "key {Kid} left the API server; it stays published for {Retention} so older tokens keep verifying")]
    public static partial void KeyRetired(this ILogger logger, string kid, TimeSpan retention);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "key {Kid} dropped: retired longer than Discovery:KeyRetention ({Retention})")]
    public static partial void KeyDropped(this ILogger logger, string kid, TimeSpan retention);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "{Count} keys published; AWS IAM accepts at most 100 — shorten Discovery:KeyRetention or rotate less often")]
    public static partial void TooManyKeys(this ILogger logger, int count);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "cycle {Cycle}: publishing to {Target} failed: {Reason}")]
    public static partial void PublishFailed(this ILogger logger, long cycle, string target, string reason, Exception exception);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error, Message = "cycle {Cycle}: cannot read back the published state from {Target}, not publishing (it would drop retained keys): {Reason}")]
    public static partial void ReadBackFailed(this ILogger logger, long cycle, string target, string reason, Exception exception);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "restored {Retained} retained keys from {Target}")]
    public static partial void ReadBack(this ILogger logger, string target, int retained);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Error, Message = "public URL mismatch: {Detail}")]
    public static partial void PublicMismatch(this ILogger logger, string detail);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "public URL check failed: {Detail}")]
    public static partial void PublicCheckError(this ILogger logger, string detail);
}
