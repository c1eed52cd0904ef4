using PodIdentity.Core.Admission;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using PodIdentity.Webhook.Admission;
using PodIdentity.Webhook.Observability;
using PodIdentity.Webhook.Tests.Support;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace PodIdentity.Webhook.Tests.Observability;

/// <summary>
/// The review line as the webhook writes it (<see cref="ReviewLog"/> through
/// <c>LoggingExtensions.Configure</c>) against the line <c>[LoggerMessage]</c> wrote through
/// Microsoft.Extensions.Logging (<see cref="LegacyReviewLogMessage"/>) through the pipeline of commit
/// e7d9f04 (FromLogContext, writeToProviders), both formatted as the JSON format writes them.
/// </summary>
public sealed partial class ReviewLogPipelineTests
{
    private const string Category = "PodIdentity.Webhook.Admission.AdmissionHandler";

    [Fact]
    public void The_review_line_is_the_line_LoggerMessage_wrote_through_the_old_pipeline()
    {
        var before = new CaptureSink();
        var now = new CaptureSink();
        using var beforeFactory = Pipeline(c => c
            .WriteTo.Providers(new LoggerProviderCollection())
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Filter.ByExcluding(e => e.MessageTemplate.Text.StartsWith("Overriding address(es)", StringComparison.Ordinal)), before);
        using var nowLogger = Direct(c => LoggingExtensions.Configure(c, new SerilogLevels(null, []), []), now);
        var review = Review(nowLogger);

        // Inside an Activity: its trace and span ids are on both lines.
        using (new Activity("Microsoft.AspNetCore.Hosting.HttpRequestIn").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            var logger = beforeFactory.CreateLogger(Category);
            LegacyReviewLogMessage.LogReview(logger, "705ab4f5-6393-11e8-b7cc-42010a800002", "CREATE", "team-a", "app-", "app",
                ReviewOutcome.Label(ReviewVerdict.Mutated), "aws,gcp", 1, true, 12.34567, "; ServiceAccount \"app\" says \\ é");
            review.Write(LegacyReviewLogMessage.Answered("705ab4f5-6393-11e8-b7cc-42010a800002", "CREATE", "team-a", "app-", "app",
                ReviewVerdict.Mutated, ["aws", "gcp"], 1, true, "ServiceAccount \"app\" says \\ é"), 12.34567);
        }

        // Outside one: no trace ids; a warning count beyond the shared small values.
        LegacyReviewLogMessage.LogReview(beforeFactory.CreateLogger(Category), "u2", "UPDATE", "team-b", "web", "", ReviewOutcome.Label(ReviewVerdict.Skipped), "none", 12, false, 0.0004, "");
        review.Write(LegacyReviewLogMessage.Answered("u2", "UPDATE", "team-b", "web", "", ReviewVerdict.Skipped, [], 12, false), 0.0004);

        Assert.Equal(2, before.Events.Count);
        Assert.Equal(2, now.Events.Count);
        for (var i = 0; i < 2; i++)
        {
            var expected = WithoutTimestamp(Json(before.Events[i]));
            var actual = WithoutTimestamp(Json(now.Events[i]));
            Assert.Equal(expected, actual);
            Assert.Contains("\"@r\":[\"", actual, StringComparison.Ordinal);
            Assert.EndsWith(",\"EventId\":{\"Id\":1001,\"Name\":\"LogReview\"},\"SourceContext\":\"" + Category + "\"}" + Environment.NewLine, actual, StringComparison.Ordinal);
            Assert.Equal(before.Events[i].RenderMessage(CultureInfo.InvariantCulture), now.Events[i].RenderMessage(CultureInfo.InvariantCulture));
        }

        Assert.Contains("\"@tr\":\"", Json(now.Events[0]), StringComparison.Ordinal);
        Assert.Equal(12, ((ScalarValue)now.Events[1].Properties["WarningCount"]).Value);
    }

    [Fact]
    public void Registered_logger_providers_still_get_every_event()
    {
        var capture = new LogCapture();
        var sink = new CaptureSink();
        using (var logger = Direct(c => LoggingExtensions.Configure(c, new SerilogLevels(null, []), [capture]), sink))
        {
            Review(logger).Write(LegacyReviewLogMessage.Answered("u", "CREATE", "ns", "pod", "sa", ReviewVerdict.Mutated, ["aws"], 0, false), 1.5);
        }

        var entry = Assert.Single(capture.Entries);
        Assert.Equal(1001, entry.EventId);
        Assert.Equal(Category, entry.Category);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal("pod", entry.Properties["Pod"]);
        Assert.Single(sink.Events);
    }

    [Theory]
    [InlineData(Category, LogEventLevel.Warning, 0)]
    [InlineData("PodIdentity.Webhook", LogEventLevel.Error, 0)]
    [InlineData("PodIdentity.Webhook.Admission.AdmissionHandler", LogEventLevel.Information, 1)]
    [InlineData("Microsoft.AspNetCore", LogEventLevel.Fatal, 1)]
    public void Level_overrides_for_the_handler_category_apply_to_the_review_line(string category, LogEventLevel level, int lines)
    {
        var sink = new CaptureSink();
        using (var logger = Direct(c => LoggingExtensions.Configure(c, new SerilogLevels(null, [KeyValuePair.Create(category, level)]), []), sink))
        {
            Review(logger).Write(LegacyReviewLogMessage.Answered("u", "CREATE", "ns", "pod", "sa", ReviewVerdict.Mutated, ["aws"], 0, false), 1.5);
        }

        Assert.Equal(lines, sink.Events.Count);
    }

    [Fact]
    public void A_default_level_above_information_silences_the_review_line()
    {
        var sink = new CaptureSink();
        using (var logger = Direct(c => LoggingExtensions.Configure(c, new SerilogLevels(LogEventLevel.Warning, []), []), sink))
        {
            Review(logger).Write(LegacyReviewLogMessage.Answered("u", "CREATE", "ns", "pod", "sa", ReviewVerdict.Mutated, ["aws"], 0, false), 1.5);
        }

        Assert.Empty(sink.Events);
    }

    /// <summary>The review line as the webhook builds it: through Microsoft.Extensions.Logging into <paramref name="serilog"/>, as AddSerilog wires it.</summary>
    private static ReviewLog Review(Logger serilog) => new(new Logger<AdmissionHandler>(new SerilogLoggerFactory(serilog)));

    private static Logger Direct(Action<LoggerConfiguration> configure, ILogEventSink sink)
    {
        var configuration = new LoggerConfiguration();
        configure(configuration);
        return configuration.WriteTo.Sink(sink).CreateLogger();
    }

    private static SerilogLoggerFactory Pipeline(Action<LoggerConfiguration> configure, ILogEventSink sink)
    {
        var configuration = new LoggerConfiguration();
        configure(configuration);
        return new SerilogLoggerFactory(configuration.WriteTo.Sink(sink).CreateLogger(), dispose: true);
    }

    /// <summary>The line as the JSON format writes it (<see cref="LoggingExtensions.JsonFormatter"/>).</summary>
    private static string Json(LogEvent logEvent)
    {
        using var line = new StringWriter(CultureInfo.InvariantCulture);
        LoggingExtensions.JsonFormatter.Format(logEvent, line);
        return line.ToString();
    }

    private static string WithoutTimestamp(string line) => Timestamp().Replace(line, "\"@t\":\"\"");

    [GeneratedRegex("\"@t\":\"[^\"]*\"")]
    private static partial Regex Timestamp();

    private sealed class CaptureSink : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
