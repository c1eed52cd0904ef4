using Microsoft.Extensions.Logging;
using PodIdentity.Core.Admission;
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

    /// <summary>An answered review as the handler hands it to <see cref="ReviewLog.Write"/>: the values the legacy line took, unformatted.</summary>
    public static ReviewOutcome Answered(string uid, string operation, string @namespace, string pod, string serviceAccount,
        ReviewVerdict verdict, string[] providers, int warningCount, bool dryRun, string detail = "") =>
        new(verdict, new AdmissionResponse { Uid = uid, Allowed = true, Warnings = warningCount == 0 ? null : [.. Enumerable.Repeat("w", warningCount)] }, detail)
        {
            Subject = new ReviewSubject(uid, operation, @namespace, pod, serviceAccount, dryRun),
            ProvidersApplied = providers,
        };
}
