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

    private const int PropertyCapacity = 16;

    private static readonly StructureValue EventIdValue = new(
        [new LogEventProperty("Id", new ScalarValue(EventId)), new LogEventProperty("Name", new ScalarValue(EventName))]);

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

        // Sized for the event's properties plus what dispatch adds (SourceContext), so it never grows;
        // handed to the event as is rather than copied into one more dictionary by LogEvent's constructor.
        var properties = new Dictionary<string, LogEventPropertyValue>(PropertyCapacity)
        {
            ["Uid"] = Scalar(uid),
            ["Operation"] = Scalar(operation),
            ["Namespace"] = Scalar(@namespace),
            ["Pod"] = Scalar(pod),
            ["ServiceAccount"] = Scalar(serviceAccount),
            ["Outcome"] = Scalar(outcome),
            ["Providers"] = Scalar(providers),
            ["WarningCount"] = (uint)warningCount < (uint)SmallCounts.Length ? SmallCounts[warningCount] : new ScalarValue(warningCount),
            ["DryRun"] = dryRun ? True : False,
            ["DurationMs"] = new ScalarValue(durationMs),
            ["Detail"] = Scalar(detail),
            ["EventId"] = EventIdValue,
        };
        var activity = Activity.Current;
        _logger.Write(LogEvent.UnstableAssembleFromParts(DateTimeOffset.Now, LogEventLevel.Information, null, ParsedTemplate, properties,
            activity?.TraceId ?? default, activity?.SpanId ?? default));
    }

    private static ScalarValue Scalar(string value) =>
        value.Length == 0 ? Empty : Common.TryGetValue(value, out var common) ? common : new ScalarValue(value);
}
