using BenchmarkDotNet.Attributes;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using MelLogger = Microsoft.Extensions.Logging.ILogger;

namespace PodIdentity.Benchmarks.Logging;

/// <summary>
/// Formatting + sinking a review event (real ones, captured from the pipeline: scopes, trace ids,
/// EventId, the <c>{DurationMs:0.###}</c> rendering; a new one each call, as under load, not the
/// same instance again) into the stdout buffer, written to a null stream: Serilog's CompactJsonFormatter through a UTF-8 StreamWriter (before) against the UTF-8
/// formatter (now). Same lines, byte for byte (tests/Webhook.Tests CompactJsonUtf8FormatterTests).
/// </summary>
[MemoryDiagnoser]
public class ReviewLogSinkBenchmarks
{
    private readonly SampleStream _beforeOutput = new();
    private readonly SampleStream _nowOutput = new();
    private LogEvent[] _events = [];
    private int _next;
    private TextBufferedStdoutSink _before = null!;
    private Webhook.Observability.BufferedStdoutSink _now = null!;

    [GlobalSetup]
    public void Setup()
    {
        var capture = new CaptureSink();
        using (var factory = ReviewLog.Pipeline(ReviewLog.ConfigureBefore, capture))
        using (ReviewLog.EnterRequest(factory))
        {
            var logger = factory.CreateLogger("PodIdentity.Webhook.Admission.AdmissionHandler");
            for (var i = 0; i < 1024; i++)
            {
                ReviewLog.Write(logger, 0.1234 + i * 0.0173);
            }
        }

        _events = [.. capture.Events];

        // BenchmarkDotNet runs each method in its own process: compare the two lines here, once.
        using var beforeCheck = new SampleStream();
        using var nowCheck = new SampleStream();
        using (var before = ReviewLog.SinkBefore(beforeCheck))
        using (var now = ReviewLog.SinkNow(nowCheck))
        {
            before.Emit(_events[0]);
            now.Emit(_events[0]);
        }

        ReviewLog.CheckLine(beforeCheck.FirstLine);
        if (beforeCheck.FirstLine != nowCheck.FirstLine)
        {
            throw new InvalidOperationException($"lines differ:\n{beforeCheck.FirstLine}\n{nowCheck.FirstLine}");
        }

        _before = ReviewLog.SinkBefore(_beforeOutput);
        _now = ReviewLog.SinkNow(_nowOutput);
    }

    [Benchmark(Baseline = true, Description = "before: CompactJsonFormatter + StreamWriter")]
    public void Before() => _before.Emit(Next());

    [Benchmark(Description = "now: UTF-8 formatter")]
    public void Now() => _now.Emit(Next());

    [GlobalCleanup]
    public void Cleanup()
    {
        _before.Dispose();
        _now.Dispose();
        ReviewLog.CheckWritten(_beforeOutput, _nowOutput);
    }

    private LogEvent Next() => _events[_next++ & 1023];

    private sealed class CaptureSink : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}

/// <summary>
/// The whole cost of the review line at the call site: <c>AdmissionHandler.LogReview</c> →
/// Microsoft.Extensions.Logging → Serilog (properties, enrichment, filter, providers sink) → stdout
/// buffer (a null stream), inside a request's Activity and scopes. Before: the pipeline and sink of
/// commit e7d9f04; now: <c>LoggingExtensions.Configure</c> and the UTF-8 sink.
/// </summary>
[MemoryDiagnoser]
public class ReviewLogPipelineBenchmarks
{
    private readonly SampleStream _beforeOutput = new();
    private readonly SampleStream _nowOutput = new();
    private SerilogLoggerFactory _beforeFactory = null!;
    private SerilogLoggerFactory _nowFactory = null!;
    private MelLogger _beforeLogger = null!;
    private MelLogger _nowLogger = null!;
    private Both _request = null!;
    private double _duration;

    [GlobalSetup]
    public void Setup()
    {
        _beforeFactory = ReviewLog.Pipeline(ReviewLog.ConfigureBefore, ReviewLog.SinkBefore(_beforeOutput));
        _nowFactory = ReviewLog.Pipeline(ReviewLog.ConfigureNow, ReviewLog.SinkNow(_nowOutput));
        _beforeLogger = _beforeFactory.CreateLogger("PodIdentity.Webhook.Admission.AdmissionHandler");
        _nowLogger = _nowFactory.CreateLogger("PodIdentity.Webhook.Admission.AdmissionHandler");

        // Scopes live in each factory's provider: open the request in both.
        var before = ReviewLog.EnterRequest(_beforeFactory);
        var now = ReviewLog.EnterRequest(_nowFactory);
        _request = new Both(now, before);
    }

    [Benchmark(Baseline = true, Description = "before: e7d9f04 pipeline + CompactJsonFormatter")]
    public void Before() => ReviewLog.Write(_beforeLogger, NextDuration());

    [Benchmark(Description = "now: webhook pipeline + UTF-8 formatter")]
    public void Now() => ReviewLog.Write(_nowLogger, NextDuration());

    [GlobalCleanup]
    public void Cleanup()
    {
        _request.Dispose();
        _beforeFactory.Dispose();
        _nowFactory.Dispose();
        ReviewLog.CheckWritten(_beforeOutput, _nowOutput);
    }

    private double NextDuration() => _duration = _duration > 100 ? 0.1234 : _duration + 0.0173;

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }
}
