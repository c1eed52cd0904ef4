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
/// The whole cost of the review line at the call site, into the stdout buffer (a null stream).
/// Before: <c>[LoggerMessage]</c> → Microsoft.Extensions.Logging → the pipeline and sink of commit
/// e7d9f04, inside a request's Activity and scopes. Through MEL: the same call through
/// <c>LoggingExtensions.Configure</c> and the UTF-8 sink (the webhook until the direct line). Now:
/// <see cref="Webhook.Admission.ReviewLog"/> straight to Serilog, with no hosting Activity or scope
/// (hosting diagnostics are off).
/// </summary>
[MemoryDiagnoser]
public class ReviewLogPipelineBenchmarks
{
    private readonly SampleStream _beforeOutput = new();
    private readonly SampleStream _melOutput = new();
    private readonly SampleStream _nowOutput = new();
    private SerilogLoggerFactory _beforeFactory = null!;
    private SerilogLoggerFactory _melFactory = null!;
    private Logger _nowLogger = null!;
    private MelLogger _beforeLogger = null!;
    private MelLogger _melLogger = null!;
    private Webhook.Admission.ReviewLog _now = null!;
    private Both _request = null!;
    private double _duration;

    [GlobalSetup]
    public void Setup()
    {
        _beforeFactory = ReviewLog.Pipeline(ReviewLog.ConfigureBefore, ReviewLog.SinkBefore(_beforeOutput));
        _melFactory = ReviewLog.Pipeline(ReviewLog.ConfigureNow, ReviewLog.SinkNow(_melOutput));
        _beforeLogger = _beforeFactory.CreateLogger("PodIdentity.Webhook.Admission.AdmissionHandler");
        _melLogger = _melFactory.CreateLogger("PodIdentity.Webhook.Admission.AdmissionHandler");

        // Scopes live in each factory's provider: open the request in both MEL pipelines.
        var before = ReviewLog.EnterRequest(_beforeFactory);
        var mel = ReviewLog.EnterRequest(_melFactory);
        _request = new Both(mel, before);

        // The webhook no longer runs reviews inside an Activity; the direct line gets none here either.
        var activity = System.Diagnostics.Activity.Current;
        System.Diagnostics.Activity.Current = null;
        _nowLogger = ReviewLog.Direct(ReviewLog.ConfigureNow, ReviewLog.SinkNow(_nowOutput));
        _now = new Webhook.Admission.ReviewLog(_nowLogger);
        System.Diagnostics.Activity.Current = activity;
    }

    [Benchmark(Baseline = true, Description = "before: e7d9f04 pipeline + CompactJsonFormatter")]
    public void Before() => ReviewLog.Write(_beforeLogger, NextDuration());

    [Benchmark(Description = "through MEL: webhook pipeline + UTF-8 formatter")]
    public void ThroughMel() => ReviewLog.Write(_melLogger, NextDuration());

    [Benchmark(Description = "now: ReviewLog straight to Serilog, no request scope")]
    public void Now()
    {
        var activity = System.Diagnostics.Activity.Current;
        System.Diagnostics.Activity.Current = null;
        ReviewLog.Write(_now, NextDuration());
        System.Diagnostics.Activity.Current = activity;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _request.Dispose();
        _beforeFactory.Dispose();
        _melFactory.Dispose();
        _nowLogger.Dispose();
        ReviewLog.CheckWritten(_beforeOutput, _melOutput, _nowOutput);
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
