using System.Diagnostics;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;
using SerilogLogger = Serilog.ILogger;

namespace PodIdentity.Webhook.Admission;

/// <summary>
/// Event 1001, the one Information line per review, handed to Serilog as a ready <see cref="LogEvent"/>.
/// Through Microsoft.Extensions.Logging the same line cost a state enumeration, boxing of every value,
/// Serilog's property capture policies and a template-cache lookup per review, about a third of the
/// line's cost at thousands of reviews a second. The line is the one <c>[LoggerMessage]</c> wrote
/// (template, properties and their order, <c>EventId</c>, <c>SourceContext</c>, trace ids when an
/// Activity is current); levels, filters and sinks are Serilog's, so
/// <c>Serilog:MinimumLevel:Override:PodIdentity.Webhook.Admission.AdmissionHandler</c> still applies.
/// Logging scopes are not read: the only one around a review was Kestrel's ConnectionId.
/// </summary>
internal sealed class ReviewLog
{
    public const int EventId = 1001;
    public const string EventName = "LogReview";

    /// <summary>The template the line always had, so log queries and dashboards keep matching <c>@mt</c>.</summary>
    public const string Template =
        "Review {Uid} {Operation} pod {Namespace}/{Pod} ServiceAccount {ServiceAccount}: {Outcome}, providers {Providers}, {WarningCount} warnings, dryRun {DryRun}, {DurationMs:0.###} ms{Detail}";

    /// <summary>The category the line has always been written under (the handler's).</summary>
    public static readonly string Category = typeof(AdmissionHandler).FullName!;

    private static readonly MessageTemplate ParsedTemplate = new MessageTemplateParser().Parse(Template);

    private static readonly LogEventProperty EventIdProperty = new("EventId", new StructureValue(
        [new LogEventProperty("Id", new ScalarValue(EventId)), new LogEventProperty("Name", new ScalarValue(EventName))]));

    // Values that repeat from review to review are immutable and shared.
    private static readonly ScalarValue Empty = new(string.Empty);
    private static readonly ScalarValue True = new(true);
    private static readonly ScalarValue False = new(false);
    private static readonly ScalarValue[] SmallCounts = [.. Enumerable.Range(0, 8).Select(i => new ScalarValue(i))];
    private static readonly Dictionary<string, ScalarValue> Common = new[]
    {
        "CREATE", "UPDATE", "DELETE", "CONNECT", "none",
        AdmissionHandler.Mutated, AdmissionHandler.Skipped, AdmissionHandler.Denied, AdmissionHandler.Error,
    }.ToDictionary(s => s, s => new ScalarValue(s), StringComparer.Ordinal);

    private readonly SerilogLogger _logger;

    public ReviewLog(SerilogLogger logger)
    {
        // ForContext with SourceContext is what applies Serilog's per-category level overrides.
        _logger = logger.ForContext(Constants.SourceContextPropertyName, Category);
    }

    public void Write(string uid, string operation, string @namespace, string pod, string serviceAccount,
        string outcome, string providers, int warningCount, bool dryRun, double durationMs, string detail)
    {
        if (!_logger.IsEnabled(LogEventLevel.Information))
        {
            return;
        }

        LogEventProperty[] properties =
        [
            new("Uid", Scalar(uid)),
            new("Operation", Scalar(operation)),
            new("Namespace", Scalar(@namespace)),
            new("Pod", Scalar(pod)),
            new("ServiceAccount", Scalar(serviceAccount)),
            new("Outcome", Scalar(outcome)),
            new("Providers", Scalar(providers)),
            new("WarningCount", (uint)warningCount < (uint)SmallCounts.Length ? SmallCounts[warningCount] : new ScalarValue(warningCount)),
            new("DryRun", dryRun ? True : False),
            new("DurationMs", new ScalarValue(durationMs)),
            new("Detail", Scalar(detail)),
            EventIdProperty,
        ];
        var activity = Activity.Current;
        _logger.Write(activity is null
            ? new LogEvent(DateTimeOffset.Now, LogEventLevel.Information, null, ParsedTemplate, properties)
            : new LogEvent(DateTimeOffset.Now, LogEventLevel.Information, null, ParsedTemplate, properties, activity.TraceId, activity.SpanId));
    }

    private static ScalarValue Scalar(string value) =>
        value.Length == 0 ? Empty : Common.TryGetValue(value, out var common) ? common : new ScalarValue(value);

}
