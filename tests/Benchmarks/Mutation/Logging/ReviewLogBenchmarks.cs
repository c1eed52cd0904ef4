using BenchmarkDotNet.Attributes;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using MelLogger = Microsoft.Extensions.Logging.ILogger;

namespace PodIdentity.Benchmarks.Logging;

/// <summary>
/// The whole CPU cost of the review line, call site plus formatting and writing (what the async
/// sink's background thread spends per line, here on the calling thread so none of it is hidden),
/// into a null stream through <see cref="ConsoleLikeSink"/>. Before: <c>[LoggerMessage]</c> →
/// Microsoft.Extensions.Logging → the pipeline of commit e7d9f04, inside a request's Activity and
/// scopes. Through MEL: the same call through <c>LoggingExtensions.Configure</c> (what replacing
/// <see cref="Webhook.Admission.ReviewLog"/> by <c>[LoggerMessage]</c> would give). Now:
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
        _beforeFactory = ReviewLog.Pipeline(ReviewLog.ConfigureBefore, ReviewLog.Sink(_beforeOutput));
        _melFactory = ReviewLog.Pipeline(ReviewLog.ConfigureNow, ReviewLog.Sink(_melOutput));
        _beforeLogger = _beforeFactory.CreateLogger("PodIdentity.Webhook.Admission.AdmissionHandler");
        _melLogger = _melFactory.CreateLogger("PodIdentity.Webhook.Admission.AdmissionHandler");

        // Scopes live in each factory's provider: open the request in both MEL pipelines.
        var before = ReviewLog.EnterRequest(_beforeFactory);
        var mel = ReviewLog.EnterRequest(_melFactory);
        _request = new Both(mel, before);

        // The webhook no longer runs reviews inside an Activity; the direct line gets none here either.
        var activity = System.Diagnostics.Activity.Current;
        System.Diagnostics.Activity.Current = null;
        _nowLogger = ReviewLog.Direct(ReviewLog.ConfigureNow, ReviewLog.Sink(_nowOutput));
        _now = new Webhook.Admission.ReviewLog(_nowLogger);
        System.Diagnostics.Activity.Current = activity;
    }

    [Benchmark(Baseline = true, Description = "before: e7d9f04 pipeline, [LoggerMessage]")]
    public void Before() => ReviewLog.Write(_beforeLogger, NextDuration());

    [Benchmark(Description = "through MEL: [LoggerMessage], webhook pipeline")]
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
