using PodIdentity.Core.Buffers;
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
/// <remarks>
/// Two buffers: a full one is written out after the formatting lock is released, while the next
/// lines go into the other. A 64 KiB write(2) takes long enough that, under the one lock, every
/// other request thread logging meanwhile spun and then slept on it.
/// </remarks>
internal sealed class BufferedStdoutSink : ILogEventSink, IDisposable
{
    /// <summary>Buffered bytes written out without waiting for the timer, as the 64 KiB StreamWriter did before.</summary>
    private const int WriteThreshold = 64 * 1024;

    private const int BufferCapacity = WriteThreshold + 16 * 1024;

    private readonly CompactJsonUtf8Formatter _formatter = new();
    private readonly Stream _output;
    private readonly Timer _timer;

    // Guards formatting into _buffer, _dirty and _disposed.
    private readonly Lock _gate = new();

    // Held from the moment a buffer is taken (under _gate) until it is written out: buffers reach the
    // output in the order they were filled, and _spare is only touched by its holder.
    private readonly Lock _writeGate = new();

    private ByteBuffer _buffer = new(BufferCapacity);
    private ByteBuffer? _spare = new(BufferCapacity);
    private bool _dirty;
    private bool _disposed;

    public BufferedStdoutSink(TimeSpan flushInterval, Stream? output = null)
    {
        _output = output ?? Console.OpenStandardOutput();
        _timer = new Timer(_ => Flush(), null, flushInterval, flushInterval);
    }

    public void Emit(LogEvent logEvent)
    {
        ByteBuffer? full;
        var flush = logEvent.Level >= LogEventLevel.Warning;
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
            full = flush || _buffer.Length >= WriteThreshold ? TakeLocked(flush) : null;
        }

        if (full is not null)
        {
            WriteOut(full, flush);
        }
    }

    public void Flush()
    {
        ByteBuffer full;
        lock (_gate)
        {
            if (!_dirty || _disposed)
            {
                return;
            }

            full = TakeLocked(flush: true);
        }

        WriteOut(full, flush: true);
    }

    /// <summary>
    /// Under <see cref="_gate"/>: takes the filled buffer and puts the spare in its place. Enters
    /// <see cref="_writeGate"/>, which the caller leaves in <see cref="WriteOut"/>; it waits only when the
    /// previous buffer is still being written.
    /// </summary>
    private ByteBuffer TakeLocked(bool flush)
    {
        _writeGate.Enter();
        var full = _buffer;
        _buffer = _spare!;
        _spare = null;
        if (flush)
        {
            // A write without a flush leaves the stream to flush later (the timer), as before.
            _dirty = false;
        }

        return full;
    }

    private void WriteOut(ByteBuffer full, bool flush)
    {
        try
        {
            if (full.Length > 0)
            {
                _output.Write(full.WrittenSpan);
            }

            if (flush)
            {
                _output.Flush();
            }
        }
        catch (IOException)
        {
            // stdout closed: the lines are dropped rather than kept growing.
        }
        finally
        {
            full.Clear(BufferCapacity);
            _spare = full;
            _writeGate.Exit();
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        ByteBuffer? full;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            full = _dirty ? TakeLocked(flush: true) : null;
            _disposed = true;
            _formatter.Dispose();
        }

        if (full is not null)
        {
            WriteOut(full, flush: true);
        }

        lock (_writeGate)
        {
            // After any write still under way.
            _output.Dispose();
        }
    }
}
