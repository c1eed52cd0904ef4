using BenchmarkDotNet.Attributes;
using Serilog.Extensions.Logging;
using MelLogger = Microsoft.Extensions.Logging.ILogger;

namespace PodIdentity.Benchmarks.Logging;

/// <summary>
/// The whole CPU cost of the review line, call site plus formatting and writing (what the async
/// sink's background thread spends per line, here on the calling thread so none of it is hidden),
/// into a null stream through <see cref="ConsoleLikeSink"/>. Before: <c>[LoggerMessage]</c> →
/// Microsoft.Extensions.Logging → the pipeline of commit e7d9f04, inside a request's Activity and
/// the scopes Kestrel and hosting opened. Now: <see cref="Webhook.Admission.ReviewLog"/> as the
/// webhook runs it (<c>LoggingExtensions.Configure</c>; hosting diagnostics off, so only Kestrel's
/// connection scope and no Activity).
/// </summary>
[MemoryDiagnoser]
public class ReviewLogPipelineBenchmarks
{
    private readonly SampleStream _beforeOutput = new();
    private readonly SampleStream _nowOutput = new();
    private SerilogLoggerFactory _beforeFactory = null!;
    private SerilogLoggerFactory _nowFactory = null!;
    private MelLogger _beforeLogger = null!;
    private Webhook.Admission.ReviewLog _now = null!;
    private IDisposable _request = null!;
    private IDisposable? _connection;
    private double _duration;

    [GlobalSetup]
    public void Setup()
    {
        _beforeFactory = ReviewLog.Pipeline(ReviewLog.ConfigureBefore, ReviewLog.Sink(_beforeOutput));
        _nowFactory = ReviewLog.Pipeline(ReviewLog.ConfigureNow, ReviewLog.Sink(_nowOutput));
        _beforeLogger = _beforeFactory.CreateLogger("PodIdentity.Webhook.Admission.AdmissionHandler");
        _now = new Webhook.Admission.ReviewLog(new Microsoft.Extensions.Logging.Logger<Webhook.Admission.AdmissionHandler>(_nowFactory));

        // Scopes live in each factory's provider; the Activity is only started for the one before.
        _connection = ReviewLog.EnterConnection(_nowFactory);
        _request = ReviewLog.EnterRequest(_beforeFactory);
    }

    [Benchmark(Baseline = true, Description = "before: e7d9f04 pipeline, [LoggerMessage], request scopes")]
    public void Before() => ReviewLog.Write(_beforeLogger, NextDuration());

    [Benchmark(Description = "now: ReviewLog, webhook pipeline, connection scope")]
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
        _connection?.Dispose();
        _beforeFactory.Dispose();
        _nowFactory.Dispose();
        ReviewLog.CheckWritten(_beforeOutput, _nowOutput);
    }

    private double NextDuration() => _duration = _duration > 100 ? 0.1234 : _duration + 0.0173;
}
