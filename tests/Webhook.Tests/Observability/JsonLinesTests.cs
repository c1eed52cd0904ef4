using System.Text.Json;
using PodIdentity.Webhook.Observability;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace PodIdentity.Webhook.Tests.Observability;

/// <summary>
/// The JSON format's pipeline as <c>AddWebhookLogging</c> builds it (<c>LoggingExtensions.Configure</c>,
/// the async queue, Serilog's compact JSON formatter, <see cref="BufferedJsonLines"/>), writing into a test stream
/// instead of stdout: one whole line per event, escaped, written at once when the queue is empty and in few writes
/// when it is not, every queued line written out at dispose, drops counted.
/// </summary>
public sealed class JsonLinesTests
{
    [Fact]
    public void Each_event_is_one_compact_JSON_line_and_values_come_back_exactly()
    {
        var output = new LinesStream();
        var values = new[]
        {
            "uid\n[12:00:00 INF] forged line",
            "quote \" backslash \\ tab \t return \r nul \0 esc \u001b[2K del \u007f",
            "Zoë Ñandú — “quoted” € 日本 😀",
            new string('x', 20_000),
        };
        using (var logger = JsonLogger(output, new LogQueue()))
        {
            foreach (var value in values)
            {
                logger.Information("Review {Uid} took {DurationMs:0.###} ms", value, 1.23456);
            }

            logger.Warning(new InvalidOperationException("inner\nsecond line"), "Lookup failed for {ServiceAccount}", "app");
        }

        var lines = output.Lines();
        Assert.Equal(values.Length + 1, lines.Count);
        // JSON escapes C0 controls (line breaks, ESC); DEL may stay raw, as JSON allows and terminals ignore.
        Assert.All(lines, line => Assert.DoesNotContain(line, c => c < ' '));
        for (var i = 0; i < values.Length; i++)
        {
            var json = Parse(lines[i]);
            Assert.True(json.TryGetProperty("@t", out _));
            Assert.Equal("Review {Uid} took {DurationMs:0.###} ms", json.GetProperty("@mt").GetString());
            Assert.Equal("1.235", json.GetProperty("@r")[0].GetString());
            Assert.False(json.TryGetProperty("@l", out _)); // Information is implied
            Assert.Equal(values[i], json.GetProperty("Uid").GetString());
            Assert.Equal(1.23456, json.GetProperty("DurationMs").GetDouble());
        }

        var warning = Parse(lines[^1]);
        Assert.Equal("Warning", warning.GetProperty("@l").GetString());
        Assert.StartsWith("System.InvalidOperationException: inner\nsecond line", warning.GetProperty("@x").GetString(), StringComparison.Ordinal);
        Assert.Equal("app", warning.GetProperty("ServiceAccount").GetString());
    }

    [Fact]
    public void Disposing_the_logger_writes_out_every_queued_event_in_order()
    {
        var output = new LinesStream { Gate = new ManualResetEventSlim() };
        var logger = JsonLogger(output, new LogQueue());
        for (var i = 0; i < 5_000; i++)
        {
            logger.Information("review {N}", i);
        }

        // The writer was held up until now: nearly all 5,000 are still queued when the host stops.
        output.Gate.Set();
        logger.Dispose();

        var lines = output.Lines();
        Assert.Equal(5_000, lines.Count);
        Assert.Equal(Enumerable.Range(0, 5_000), lines.Select(l => Parse(l).GetProperty("N").GetInt32()));
    }

    [Fact]
    public void A_line_is_written_out_as_soon_as_the_queue_is_empty()
    {
        var output = new LinesStream();
        using var logger = JsonLogger(output, new LogQueue());

        logger.Information("review {N}", 1);

        // Not held back for a fuller buffer: a quiet webhook's line shows up while the logger still runs.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (output.Lines().Count == 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        Assert.Equal(1, Parse(Assert.Single(output.Lines())).GetProperty("N").GetInt32());
    }

    [Fact]
    public void A_burst_goes_out_in_a_few_writes_not_one_per_line()
    {
        var output = new LinesStream { Gate = new ManualResetEventSlim() };
        using (var logger = JsonLogger(output, new LogQueue()))
        {
            logger.Information("review {N}", 0);
            Assert.True(output.Entered.Wait(TimeSpan.FromSeconds(30)), "the background writer never wrote the first line");

            // While stdout is held up, 2,000 more lines queue; released, they are written while the queue is not empty.
            for (var i = 1; i <= 2_000; i++)
            {
                logger.Information("review {N}", i);
            }

            output.Gate.Set();
        }

        Assert.Equal(Enumerable.Range(0, 2_001), output.Lines().Select(l => Parse(l).GetProperty("N").GetInt32()));

        // About 60 bytes a line: the 64 KiB buffer fills every thousand or so lines, plus the first and the last write.
        Assert.InRange(output.Writes, 2, 10);
    }

    [Fact]
    public void A_full_queue_drops_new_events_without_blocking_and_the_metric_counts_them()
    {
        var output = new LinesStream { Gate = new ManualResetEventSlim() };
        var queue = new LogQueue();
        var metrics = new WebhookMetrics(Prometheus.Metrics.NewCustomRegistry());
        metrics.CountDroppedLogEvents(queue);
        const int Capacity = 5;
        using (var logger = JsonLogger(output, queue, Capacity))
        {
            logger.Information("review {N}", 0);
            Assert.True(output.Entered.Wait(TimeSpan.FromSeconds(30)), "the background writer never took the first event");

            // The writer is stuck on event 0: 5 more fill the queue, the next 3 are dropped.
            for (var i = 1; i <= Capacity + 3; i++)
            {
                logger.Information("review {N}", i);
            }

            Assert.Equal(3, queue.Dropped);
            Assert.Contains("pod_identity_webhook_log_events_dropped_total 3", Scrape(metrics), StringComparison.Ordinal);
            output.Gate.Set();
        }

        Assert.Equal(Enumerable.Range(0, Capacity + 1), output.Lines().Select(l => Parse(l).GetProperty("N").GetInt32()));
    }

    [Fact]
    public void Lines_from_many_threads_all_arrive_whole_and_in_each_threads_order()
    {
        const int Threads = 4, PerThread = 5_000;
        var output = new LinesStream();
        var queue = new LogQueue();
        using (var logger = JsonLogger(output, queue, capacity: Threads * PerThread))
        {
            Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
            {
                for (var i = 0; i < PerThread; i++)
                {
                    logger.Information("review {T} {N} {Text}", t, i, new string('x', i % 200));
                }
            });
        }

        Assert.Equal(0, queue.Dropped);
        var lines = output.Lines();
        Assert.Equal(Threads * PerThread, lines.Count);
        var next = new int[Threads];
        foreach (var line in lines)
        {
            var json = Parse(line);
            Assert.Equal(next[json.GetProperty("T").GetInt32()]++, json.GetProperty("N").GetInt32());
        }
    }

    [Fact]
    public void Without_a_queue_the_drop_metric_is_exported_at_zero()
    {
        var metrics = new WebhookMetrics(Prometheus.Metrics.NewCustomRegistry());
        metrics.CountDroppedLogEvents(new LogQueue());

        Assert.Contains("pod_identity_webhook_log_events_dropped_total 0", Scrape(metrics), StringComparison.Ordinal);
    }

    /// <summary>The webhook's JSON pipeline with <paramref name="output"/> where stdout would be.</summary>
    private static Logger JsonLogger(LinesStream output, LogQueue queue, int capacity = LogQueue.Capacity)
    {
        var configuration = LoggingExtensions.Configure(new LoggerConfiguration(), new SerilogLevels(null, []), []);
        configuration.WriteTo.JsonLines(queue, sinks => sinks.Sink(new BufferedJsonLines(LoggingExtensions.JsonFormatter, output, queue)), capacity);
        return configuration.CreateLogger();
    }

    private static JsonElement Parse(string line)
    {
        using var json = JsonDocument.Parse(line);
        return json.RootElement.Clone();
    }

    private static string Scrape(WebhookMetrics metrics)
    {
        using var stream = new MemoryStream();
        metrics.Registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Stands where stdout is: records what <see cref="BufferedJsonLines"/> writes and how many writes it took;
    /// optionally held up by <see cref="Gate"/> in each write.
    /// </summary>
    private sealed class LinesStream : Stream
    {
        private readonly MemoryStream _written = new();

        public ManualResetEventSlim? Gate { get; init; }

        public ManualResetEventSlim Entered { get; } = new();

        public int Writes { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public List<string> Lines()
        {
            lock (_written)
            {
                return [.. System.Text.Encoding.UTF8.GetString(_written.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Entered.Set();
            Gate?.Wait(TimeSpan.FromSeconds(60));
            lock (_written)
            {
                _written.Write(buffer);
                Writes++;
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
