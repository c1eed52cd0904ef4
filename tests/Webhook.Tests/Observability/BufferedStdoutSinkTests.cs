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
