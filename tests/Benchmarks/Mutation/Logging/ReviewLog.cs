using PodIdentity.Core.Admission;
using System.Diagnostics;
using System.Text;
using PodIdentity.Webhook.Admission;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using MelLogger = Microsoft.Extensions.Logging.ILogger;

namespace PodIdentity.Benchmarks.Logging;

/// <summary>
/// The review log line under load: as <c>[LoggerMessage]</c> wrote it through
/// Microsoft.Extensions.Logging and Serilog, inside the request's Activity and the scopes Kestrel and
/// ASP.NET Core hosting opened (ConnectionId; RequestId, RequestPath), and as the webhook writes it
/// now (<see cref="Webhook.Admission.ReviewLog"/>, the same <c>[LoggerMessage]</c> line on the webhook's pipeline, Kestrel's connection scope only).
/// </summary>
internal static class ReviewLog
{
    public static void Write(MelLogger logger, double durationMs) =>
        PodIdentity.Webhook.Tests.Observability.LegacyReviewLogMessage.LogReview(logger, "705ab4f5-6393-11e8-b7cc-42010a800002", "CREATE", "team-a", "app-7d4b9c-", "app",
            ReviewOutcome.Label(ReviewVerdict.Mutated), "aws", 0, false, durationMs, "");

    public static void Write(Webhook.Admission.ReviewLog log, double durationMs) => log.Write(Mutated, durationMs);

    /// <summary>Made once: the handler has its outcome anyway, so building it is no part of the line's cost.</summary>
    private static readonly ReviewOutcome Mutated = PodIdentity.Webhook.Tests.Observability.LegacyReviewLogMessage.Answered(
        "705ab4f5-6393-11e8-b7cc-42010a800002", "CREATE", "team-a", "app-7d4b9c-", "app", ReviewVerdict.Mutated, ["aws"], 0, false);

    /// <summary>
    /// The pipeline before this work (commit e7d9f04), frozen here as the baseline: what
    /// <c>AddSerilog(..., writeToProviders: true)</c> built, with no provider registered (as in the
    /// webhook, after ClearProviders), and <c>Enrich.FromLogContext()</c>.
    /// </summary>
    public static void ConfigureBefore(LoggerConfiguration logger) =>
        logger
            .WriteTo.Providers(new LoggerProviderCollection())
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Extensions.Hosting", LogEventLevel.Information)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .Enrich.FromLogContext()
            .Filter.ByExcluding(e => e.MessageTemplate.Text.StartsWith("Overriding address(es)", StringComparison.Ordinal));

    /// <summary>The webhook's pipeline as it is now (<c>LoggingExtensions.Configure</c>): default levels, no provider registered.</summary>
    public static void ConfigureNow(LoggerConfiguration logger) =>
        Webhook.Observability.LoggingExtensions.Configure(logger, new Webhook.Observability.SerilogLevels(null, []), []);

    /// <summary>What the console sink does per line, minus the console: the compact JSON formatter into a string, written and flushed through a UTF-8 writer.</summary>
    public static ConsoleLikeSink Sink(Stream output) => new(output);

    /// <summary>As <c>AddSerilog</c> builds it: the configuration, the sink, a <see cref="SerilogLoggerFactory"/> over the logger.</summary>
    public static SerilogLoggerFactory Pipeline(Action<LoggerConfiguration> configure, ILogEventSink sink)
    {
        var configuration = new LoggerConfiguration();
        configure(configuration);
        configuration.WriteTo.Sink(sink);
        return new SerilogLoggerFactory(configuration.CreateLogger(), dispose: true);
    }

    /// <summary>
    /// Starts a W3C Activity and opens Kestrel's connection scope and hosting's request scope, as
    /// ASP.NET Core does around every request. They are AsyncLocal: set here, they stay current on
    /// this thread for the benchmark's iterations.
    /// </summary>
    public static IDisposable EnterRequest(SerilogLoggerFactory factory)
    {
        var activity = new Activity("Microsoft.AspNetCore.Hosting.HttpRequestIn").SetIdFormat(ActivityIdFormat.W3C).Start();
        var connection = factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Connections").BeginScope(new Scope(("ConnectionId", "0HNQ9V51N180V")));
        var request = factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").BeginScope(new Scope(("RequestId", "0HNQ9V51N180V:00000001"), ("RequestPath", "/mutate")));
        return new Exit(activity, connection, request);
    }

    /// <summary>Kestrel's connection scope alone, as around a review in the webhook (hosting diagnostics off: no Activity, no request scope).</summary>
    public static IDisposable? EnterConnection(SerilogLoggerFactory factory) =>
        factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Connections").BeginScope(new Scope(("ConnectionId", "0HNQ9V51N180V")));

    /// <summary>Checks that the line carries what a real request's line did (trace ids, scope properties) or, for the direct line, does.</summary>
    public static void CheckLine(string line)
    {
        string[] always = ["\"@r\":[\"", "\"EventId\":{\"Id\":1001", "\"SourceContext\":\"PodIdentity"];
        string[] scoped = ["\"@tr\":\"", "\"RequestId\":\"", "\"ConnectionId\":\""];
        foreach (var expected in line.Contains("\"@tr\"", StringComparison.Ordinal) ? [.. always, .. scoped] : always)
        {
            if (!line.Contains(expected, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"benchmark line lacks {expected}: {line}");
            }
        }
    }

    /// <summary>The benchmark that ran (each runs in its own process) wrote review lines that pass <see cref="CheckLine"/>.</summary>
    public static void CheckWritten(params SampleStream[] outputs)
    {
        var written = outputs.Where(o => o.FirstLine.Length > 0).ToList();
        if (written.Count == 0)
        {
            throw new InvalidOperationException("no review line was written");
        }

        written.ForEach(o => CheckLine(o.FirstLine));
    }

    /// <summary>Like Kestrel's ConnectionLogScope and hosting's HostingLogScope: a short list of properties.</summary>
    private sealed class Scope(params (string Key, string Value)[] properties) : IReadOnlyList<KeyValuePair<string, object>>
    {
        public int Count => properties.Length;

        public KeyValuePair<string, object> this[int index] => new(properties[index].Key, properties[index].Value);

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => string.Join(", ", properties.Select(p => $"{p.Key}:{p.Value}"));
    }

    private sealed class Exit(Activity activity, IDisposable? connection, IDisposable? request) : IDisposable
    {
        public void Dispose()
        {
            request?.Dispose();
            connection?.Dispose();
            activity.Dispose();
        }
    }
}

/// <summary>Stdout stand-in: discards what is written but keeps the first line to check it.</summary>
internal sealed class SampleStream : Stream
{
    private readonly List<byte> _start = [];

    public string FirstLine
    {
        get
        {
            var text = Encoding.UTF8.GetString([.. _start]);
            var end = text.IndexOf('\n', StringComparison.Ordinal);
            return end < 0 ? text : text[..end];
        }
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_start.Count < 8192)
        {
            _start.AddRange(buffer[..Math.Min(buffer.Length, 8192)]);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>
/// Serilog.Sinks.Console's Emit with a formatter (no theme): the event formatted into its own
/// StringWriter, then written to the output and flushed, under a lock; here the output is a UTF-8
/// writer over <see cref="SampleStream"/> instead of Console.Out.
/// </summary>
internal sealed class ConsoleLikeSink(Stream output) : ILogEventSink, IDisposable
{
    private readonly StreamWriter _writer = new(output, new UTF8Encoding(false)) { AutoFlush = true };
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        var buffer = new StringWriter(new StringBuilder(256));
        Webhook.Observability.LoggingExtensions.JsonFormatter.Format(logEvent, buffer);
        var line = buffer.ToString();
        lock (_gate)
        {
            _writer.Write(line);
            _writer.Flush();
        }
    }

    public void Dispose() => _writer.Dispose();
}
