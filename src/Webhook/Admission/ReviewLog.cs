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

    public void Write(string uid, string operation, string @namespace, string pod, string serviceAccount,
        string outcome, string providers, int warningCount, bool dryRun, double durationMs, string detail) =>
        LogReview(logger, uid, operation, @namespace, pod, serviceAccount, outcome, providers, warningCount, dryRun, durationMs, detail);

    [LoggerMessage(EventId = EventId, EventName = EventName, Level = LogLevel.Information, Message = Template)]
    private static partial void LogReview(ILogger logger, string uid, string operation, string Namespace, string pod, string serviceAccount,
        string outcome, string providers, int warningCount, bool dryRun, double durationMs, string detail);
}
