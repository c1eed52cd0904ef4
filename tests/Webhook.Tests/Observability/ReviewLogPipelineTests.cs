using System.Diagnostics;
using System.Text;
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
/// The review line through the webhook's logging pipeline now (no Enrich.FromLogContext, no
/// providers sink without providers, UTF-8 formatter) against the pipeline before (commit e7d9f04:
/// FromLogContext, writeToProviders, CompactJsonFormatter): same line, property for property, inside
/// a request's Activity and Kestrel/hosting scopes.
/// </summary>
public sealed partial class ReviewLogPipelineTests
{
    private const string Category = "PodIdentity.Webhook.Admission.AdmissionHandler";

    [Fact]
    public void The_review_line_is_the_line_the_pipeline_wrote_before()
    {
        var before = new CaptureSink();
        var now = new CaptureSink();
        using var beforeFactory = Pipeline(c => c
            .WriteTo.Providers(new LoggerProviderCollection())
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Filter.ByExcluding(e => e.MessageTemplate.Text.StartsWith("Overriding address(es)", StringComparison.Ordinal)), before);
        using var nowFactory = Pipeline(c => LoggingExtensions.Configure(c, new SerilogLevels(null, []), []), now);

        using (var activity = new Activity("Microsoft.AspNetCore.Hosting.HttpRequestIn").SetIdFormat(ActivityIdFormat.W3C).Start())
        using (EnterRequest(beforeFactory))
        using (EnterRequest(nowFactory))
        {
            foreach (var factory in new[] { beforeFactory, nowFactory })
            {
                var logger = factory.CreateLogger(Category);
                AdmissionHandler.LogReview(logger, "705ab4f5-6393-11e8-b7cc-42010a800002", "CREATE", "team-a", "app-", "app",
                    AdmissionHandler.Mutated, "aws,gcp", 1, true, 12.34567, "; ServiceAccount \"app\" says \\ é");
                AdmissionHandler.LogReview(logger, "u2", "UPDATE", "team-b", "web", "", AdmissionHandler.Skipped, "none", 0, false, 0.0004, "");
            }
        }

        Assert.Equal(2, before.Events.Count);
        Assert.Equal(2, now.Events.Count);
        for (var i = 0; i < 2; i++)
        {
            var expected = WithoutTimestamp(Encoding.UTF8.GetString(CompactJsonUtf8FormatterTests.WithCompactJsonFormatter(before.Events[i])));
            var actual = WithoutTimestamp(Encoding.UTF8.GetString(CompactJsonUtf8FormatterTests.WithUtf8Formatter(now.Events[i])));
            Assert.Equal(expected, actual);
            Assert.Contains("\"@r\":[\"", actual, StringComparison.Ordinal);
            Assert.Contains("\"@tr\":\"", actual, StringComparison.Ordinal);
            Assert.Contains(",\"EventId\":{\"Id\":1001,\"Name\":\"LogReview\"},\"SourceContext\":\"" + Category +
                "\",\"RequestId\":\"0HNQ9V51N180V:00000001\",\"RequestPath\":\"/mutate\",\"ConnectionId\":\"0HNQ9V51N180V\"}", actual, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Registered_logger_providers_still_get_every_event()
    {
        var capture = new LogCapture();
        var sink = new CaptureSink();
        using (var factory = Pipeline(c => LoggingExtensions.Configure(c, new SerilogLevels(null, []), [capture]), sink))
        {
            AdmissionHandler.LogReview(factory.CreateLogger(Category), "u", "CREATE", "ns", "pod", "sa", AdmissionHandler.Mutated, "aws", 0, false, 1.5, "");
        }

        var entry = Assert.Single(capture.Entries);
        Assert.Equal(1001, entry.EventId);
        Assert.Equal(Category, entry.Category);
        Assert.Single(sink.Events);
    }

    private static SerilogLoggerFactory Pipeline(Action<LoggerConfiguration> configure, ILogEventSink sink)
    {
        var configuration = new LoggerConfiguration();
        configure(configuration);
        return new SerilogLoggerFactory(configuration.WriteTo.Sink(sink).CreateLogger(), dispose: true);
    }

    /// <summary>The scopes Kestrel (ConnectionId) and hosting (RequestId, RequestPath) open around a request.</summary>
    private static Scopes EnterRequest(SerilogLoggerFactory factory) => new(
        factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Connections").BeginScope(new Dictionary<string, object> { ["ConnectionId"] = "0HNQ9V51N180V" }),
        factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").BeginScope(
            new List<KeyValuePair<string, object>> { new("RequestId", "0HNQ9V51N180V:00000001"), new("RequestPath", "/mutate") }));

    private static string WithoutTimestamp(string line) => Timestamp().Replace(line, "\"@t\":\"\"");

    [GeneratedRegex("\"@t\":\"[^\"]*\"")]
    private static partial Regex Timestamp();

    private sealed class Scopes(IDisposable? connection, IDisposable? request) : IDisposable
    {
        public void Dispose()
        {
            request?.Dispose();
            connection?.Dispose();
        }
    }

    private sealed class CaptureSink : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
