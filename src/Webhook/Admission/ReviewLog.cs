using PodIdentity.Core.Admission;
using PodIdentity.Core.Text;

namespace PodIdentity.Webhook.Admission;

/// <summary>
/// Event 1001, the one Information line per review, written under the handler's category, so
/// <c>Serilog:MinimumLevel:Override:PodIdentity.Webhook.Admission.AdmissionHandler</c> applies to it.
/// </summary>
internal sealed partial class ReviewLog(ILogger<AdmissionHandler> logger)
{
    public const int EventId = 1001;
    public const string EventName = "LogReview";

    /// <summary>The template the line always had, so log queries and dashboards keep matching <c>@mt</c>.</summary>
    public const string Template =
        "Review {Uid} {Operation} pod {Namespace}/{Pod} ServiceAccount {ServiceAccount}: {Outcome}, providers {Providers}, {WarningCount} warnings, dryRun {DryRun}, {DurationMs:0.###} ms{Detail}";

    /// <summary>The category the line has always been written under (the handler's).</summary>
    public static readonly string Category = typeof(AdmissionHandler).FullName!;

    /// <summary>The line for an answered review (it has a subject and a response).</summary>
    public void Write(ReviewOutcome outcome, double durationMs)
    {
        var subject = outcome.Subject!;

        // Everything from the request is logged bounded and on one line (the JSON format escapes, the console one would not).
        LogReview(logger, SafeText.Value(subject.Uid), SafeText.Value(subject.Operation), SafeText.Value(subject.Namespace), SafeText.Value(subject.Pod),
            SafeText.Value(subject.ServiceAccount), ReviewOutcome.Label(outcome.Verdict),
            outcome.ProvidersApplied.Count == 0 ? "none" : string.Join(',', outcome.ProvidersApplied), outcome.Response!.Warnings?.Count ?? 0,
            subject.DryRun, durationMs, outcome.Detail.Length == 0 ? "" : "; " + SafeText.Message(outcome.Detail));
    }

    [LoggerMessage(EventId = EventId, EventName = EventName, Level = LogLevel.Information, Message = Template)]
    private static partial void LogReview(ILogger logger, string uid, string operation, string Namespace, string pod, string serviceAccount,
        string outcome, string providers, int warningCount, bool dryRun, double durationMs, string detail);
}
