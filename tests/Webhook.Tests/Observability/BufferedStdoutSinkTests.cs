using System.Text;
using PodIdentity.Webhook.Observability;
using Serilog.Events;
using Serilog.Parsing;

namespace PodIdentity.Webhook.Tests.Observability;

public sealed class BufferedStdoutSinkTests
{
    private static readonly MessageTemplateParser Parser = new();

    [Fact]
    public void Information_waits_for_a_flush_and_a_warning_is_written_at_once()
    {
        var output = new MemoryStream();
        using var sink = new BufferedStdoutSink(TimeSpan.FromHours(1), output);

        sink.Emit(Event(LogEventLevel.Information, "review {N}", new ScalarValue(1)));
        Assert.Equal(0, output.Length);

        sink.Emit(Event(LogEventLevel.Warning, "rejected {N}", new ScalarValue(2)));
        var lines = Lines(output);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"@mt\":\"review {N}\",\"N\":1}", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"@l\":\"Warning\",\"N\":2}", lines[1], StringComparison.Ordinal);

        sink.Emit(Event(LogEventLevel.Information, "review {N}", new ScalarValue(3)));
        sink.Flush();
        Assert.Equal(3, Lines(output).Length);
    }

    [Fact]
    public void The_timer_flushes_buffered_lines()
    {
        var output = new MemoryStream();
        using var sink = new BufferedStdoutSink(TimeSpan.FromMilliseconds(20), output);

        sink.Emit(Event(LogEventLevel.Information, "review {N}", new ScalarValue(1)));

        Assert.True(SpinWait.SpinUntil(() => Written(output).Length > 0, TimeSpan.FromSeconds(10)), "not flushed by the timer");
    }

    [Fact]
    public void Dispose_flushes_what_is_buffered()
    {
        var output = new KeptStream();
        var sink = new BufferedStdoutSink(TimeSpan.FromHours(1), output);
        sink.Emit(Event(LogEventLevel.Information, "last {N}", new ScalarValue(1)));

        sink.Dispose();

        Assert.Single(Encoding.UTF8.GetString(output.Kept).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_line_that_fails_half_way_leaves_nothing_behind()
    {
        var output = new MemoryStream();
        using var sink = new BufferedStdoutSink(TimeSpan.FromHours(1), output);

        sink.Emit(Event(LogEventLevel.Information, "first {N}", new ScalarValue(1)));
        Assert.Throws<InvalidOperationException>(() => sink.Emit(Event(LogEventLevel.Information, "broken {N}", new ScalarValue(new Throwing()))));
        sink.Emit(Event(LogEventLevel.Information, "second {N}", new ScalarValue(2)));
        sink.Flush();

        var lines = Lines(output);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("{\"@t\":", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Many_lines_are_written_out_before_the_timer_without_losing_any()
    {
        var output = new MemoryStream();
        using var sink = new BufferedStdoutSink(TimeSpan.FromHours(1), output);

        for (var i = 0; i < 5_000; i++)
        {
            sink.Emit(Event(LogEventLevel.Information, "review {N} {Text}", new ScalarValue(i), new ScalarValue(new string('x', i % 300))));
        }

        Assert.True(output.Length > 0, "64 KiB and more buffered but nothing written");
        sink.Flush();
        var lines = Lines(output);
        Assert.Equal(5_000, lines.Length);
        Assert.Contains("\"N\":4999,", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_from_many_threads_all_arrive_whole_and_in_each_threads_order()
    {
        var output = new MemoryStream();
        using var sink = new BufferedStdoutSink(TimeSpan.FromMilliseconds(5), new LockedStream(output));
        const int Threads = 4, PerThread = 20_000;

        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                // A warning now and then: flushed at once, past lines still buffered.
                var level = i % 997 == 0 ? LogEventLevel.Warning : LogEventLevel.Information;
                sink.Emit(Event(level, "review {T} {N} {Text}", new ScalarValue(t), new ScalarValue(i), new ScalarValue(new string('x', i % 200))));
            }
        });
        sink.Flush();

        var lines = Lines(output);
        Assert.Equal(Threads * PerThread, lines.Length);
        var next = new int[Threads];
        foreach (var line in lines)
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            var thread = json.RootElement.GetProperty("T").GetInt32();
            Assert.Equal(next[thread]++, json.RootElement.GetProperty("N").GetInt32());
        }
    }

    [Fact]
    public async Task Lines_go_on_into_the_other_buffer_while_a_full_one_is_being_written()
    {
        var output = new BlockingStream();
        using var sink = new BufferedStdoutSink(TimeSpan.FromHours(1), output);

        var filler = Task.Run(() =>
        {
            // Past the 64 KiB threshold: this thread ends up in the (blocked) write.
            for (var i = 0; i < 1_000; i++)
            {
                sink.Emit(Event(LogEventLevel.Information, "review {N} {Text}", new ScalarValue(i), new ScalarValue(new string('x', 200))));
            }
        });
        Assert.True(output.WriteStarted.Wait(TimeSpan.FromSeconds(30)), "threshold reached but nothing written");

        var other = Task.Run(() => sink.Emit(Event(LogEventLevel.Information, "meanwhile {N}", new ScalarValue(-1))));
        var appended = await Task.WhenAny(other, Task.Delay(TimeSpan.FromSeconds(10))) == other;
        output.Release.Set();
        Assert.True(appended, "a line waited for another thread's write(2)");

        await filler.WaitAsync(TimeSpan.FromSeconds(30));
        await other;
        sink.Flush();
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1_001, lines.Length);
        Assert.Single(lines, l => l.Contains("\"N\":-1", StringComparison.Ordinal));
    }

    private static LogEvent Event(LogEventLevel level, string template, params LogEventPropertyValue[] values)
    {
        var parsed = Parser.Parse(template);
        var names = parsed.Tokens.OfType<PropertyToken>().Select(t => t.PropertyName).ToArray();
        return new LogEvent(DateTimeOffset.UtcNow, level, null, parsed, names.Zip(values, (n, v) => new LogEventProperty(n, v)));
    }

    private static string Written(MemoryStream output)
    {
        lock (output)
        {
            return Encoding.UTF8.GetString(output.ToArray());
        }
    }

    private static string[] Lines(MemoryStream output) => Written(output).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private sealed class Throwing
    {
        public override string ToString() => throw new InvalidOperationException("no text");
    }

    /// <summary>Serialises writes and reads, so the test can read while the timer writes.</summary>
    private sealed class LockedStream(MemoryStream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (inner)
            {
                inner.Write(buffer);
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>The first write blocks until the test releases it, as a slow stdout reader would.</summary>
    private sealed class BlockingStream : MemoryStream
    {
        public ManualResetEventSlim WriteStarted { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            WriteStarted.Set();
            Release.Wait(TimeSpan.FromSeconds(60));
            base.Write(buffer);
        }
    }

    /// <summary>Keeps what was written after the sink disposes it.</summary>
    private sealed class KeptStream : MemoryStream
    {
        public byte[] Kept { get; private set; } = [];

        protected override void Dispose(bool disposing)
        {
            Kept = ToArray();
            base.Dispose(disposing);
        }
    }
}
