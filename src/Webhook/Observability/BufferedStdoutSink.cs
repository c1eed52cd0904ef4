using Serilog.Core;
using Serilog.Events;

namespace PodIdentity.Webhook.Observability;

/// <summary>
/// Writes events as compact JSON lines to stdout through a buffer flushed at least every
/// <paramref name="flushInterval"/> (and at once for warnings and above, and on shutdown), instead of
/// one write(2) per line: at thousands of reviews per second the review log would otherwise cost
/// a system call per review. Lines are formatted straight into the UTF-8 buffer
/// (<see cref="CompactJsonUtf8Formatter"/>): no UTF-16 text, no encoder.
/// </summary>
internal sealed class BufferedStdoutSink : ILogEventSink, IDisposable
{
    /// <summary>Buffered bytes written out without waiting for the timer, as the 64 KiB StreamWriter did before.</summary>
    private const int WriteThreshold = 64 * 1024;

    private readonly CompactJsonUtf8Formatter _formatter = new();
    private readonly Utf8LogBuffer _buffer = new(WriteThreshold + 16 * 1024);
    private readonly Stream _output;
    private readonly Lock _gate = new();
    private readonly Timer _timer;
    private bool _dirty;
    private bool _disposed;

    public BufferedStdoutSink(TimeSpan flushInterval, Stream? output = null)
    {
        _output = output ?? Console.OpenStandardOutput();
        _timer = new Timer(_ => Flush(), null, flushInterval, flushInterval);
    }

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var start = _buffer.Length;
            try
            {
                _formatter.Format(logEvent, _buffer);
            }
            catch
            {
                // No half-written line: the event is lost (Serilog reports it to SelfLog), the others are not.
                _buffer.Truncate(start);
                throw;
            }

            _dirty = true;
            if (logEvent.Level >= LogEventLevel.Warning)
            {
                FlushLocked();
            }
            else if (_buffer.Length >= WriteThreshold)
            {
                WriteLocked();
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
        if (!_dirty || _disposed)
        {
            return;
        }

        WriteLocked();
        try
        {
            _output.Flush();
        }
        catch (IOException)
        {
            // stdout closed: nothing sensible left to do with log lines.
        }

        _dirty = false;
    }

    private void WriteLocked()
    {
        if (_buffer.Length == 0)
        {
            return;
        }

        try
        {
            _output.Write(_buffer.WrittenSpan);
        }
        catch (IOException)
        {
            // stdout closed: the lines are dropped rather than kept growing.
        }

        _buffer.Clear(WriteThreshold + 16 * 1024);
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            FlushLocked();
            _disposed = true;
            _output.Dispose();
            _formatter.Dispose();
        }
    }
}
