using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace PodIdentity.Benchmarks.Logging;

/// <summary>
/// The webhook's sink before the UTF-8 formatter (commit e7d9f04), kept verbatim as the benchmarks'
/// baseline: an <see cref="ITextFormatter"/> (CompactJsonFormatter) into a UTF-8 StreamWriter.
/// Writes formatted events to stdout through a buffer flushed at least every
/// <paramref name="flushInterval"/> (and at once for warnings and above, and on shutdown), instead of
/// one write(2) per line: at thousands of reviews per second the review log would otherwise cost
/// a system call per review.
/// </summary>
internal sealed class TextBufferedStdoutSink : ILogEventSink, IDisposable
{
    private readonly ITextFormatter _formatter;
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();
    private readonly Timer _timer;
    private bool _dirty;

    public TextBufferedStdoutSink(ITextFormatter formatter, TimeSpan flushInterval, Stream? output = null)
    {
        _formatter = formatter;
        _writer = new StreamWriter(output ?? Console.OpenStandardOutput(), new UTF8Encoding(false), 64 * 1024) { AutoFlush = false };
        _timer = new Timer(_ => Flush(), null, flushInterval, flushInterval);
    }

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            _formatter.Format(logEvent, _writer);
            _dirty = true;
            if (logEvent.Level >= LogEventLevel.Warning)
            {
                FlushLocked();
            }
        }
    }

    public void Flush()
    {
        lock (_gate)
        {
            FlushLocked();
        }
    }

    private void FlushLocked()
    {
        if (!_dirty)
        {
            return;
        }

        try
        {
            _writer.Flush();
        }
        catch (IOException)
        {
            // stdout closed: nothing sensible left to do with log lines.
        }

        _dirty = false;
    }

    public void Dispose()
    {
        _timer.Dispose();
        Flush();
        lock (_gate)
        {
            _writer.Dispose();
        }
    }
}
