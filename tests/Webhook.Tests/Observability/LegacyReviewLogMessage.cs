using Microsoft.Extensions.Logging;
using PodIdentity.Webhook.Admission;

namespace PodIdentity.Webhook.Tests.Observability;

/// <summary>
/// The review line as the handler wrote it through Microsoft.Extensions.Logging before
/// <see cref="ReviewLog"/>: the reference the direct line must equal (ReviewLogPipelineTests), and the
/// benchmarks' baseline (tests/Benchmarks/Mutation links this file).
/// </summary>
internal static partial class LegacyReviewLogMessage
{
    [LoggerMessage(EventId = ReviewLog.EventId, Level = LogLevel.Information, Message = ReviewLog.Template)]
    public static partial void LogReview(ILogger logger, string uid, string operation, string Namespace, string pod, string serviceAccount,
        string outcome, string providers, int warningCount, bool dryRun, double durationMs, string detail);
}
