using System.Diagnostics;
using System.Globalization;
using System.Text;
using PodIdentity.Core.Buffers;
using PodIdentity.Webhook.Observability;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Parsing;

namespace PodIdentity.Webhook.Tests.Observability;

/// <summary>
/// The UTF-8 formatter must write exactly the bytes that Serilog's <see cref="CompactJsonFormatter"/>
/// wrote through the sink's former <c>StreamWriter(UTF8Encoding(false))</c>: people and tools parse
/// these lines. Each event here is formatted both ways and compared byte for byte.
/// </summary>
public sealed class CompactJsonUtf8FormatterTests
{
    private static readonly MessageTemplateParser Parser = new();

    private static readonly DateTimeOffset Time = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    public static TheoryData<string> EventNames => [.. Events().Select(e => e.Name)];

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Writes_the_same_bytes_as_CompactJsonFormatter(string name)
    {
        var logEvent = Events().Single(e => e.Name == name).Event;

        var expected = WithCompactJsonFormatter(logEvent);
        var actual = WithUtf8Formatter(logEvent);

        Assert.True(expected.AsSpan().SequenceEqual(actual),
            $"{name}\nexpected: {Encoding.UTF8.GetString(expected)}\nactual:   {Encoding.UTF8.GetString(actual)}");
    }

    [Fact]
    public void Consecutive_events_through_one_formatter_are_one_line_each()
    {
        using var formatter = new CompactJsonUtf8Formatter();
        var buffer = new ByteBuffer(16);
        var expected = new List<byte>();
        foreach (var (_, logEvent) in Events())
        {
            formatter.Format(logEvent, buffer);
            expected.AddRange(WithCompactJsonFormatter(logEvent));
        }

        Assert.Equal(expected.ToArray(), buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Bytes_kept_per_template_follow_changing_names_and_values()
    {
        // One formatter keeps each template's property names and repeated value instances as
        // bytes: every line must still be what CompactJsonFormatter writes for that event.
        var template = Parser.Parse("Review {A} {B:0.0}");
        var eventId = EventId(1001, "LogReview");
        var source = S("PodIdentity.Webhook.Admission.AdmissionHandler");
        var mutable = new Counter();
        var counter = S(mutable);
        var nested = new SequenceValue([S(1), new StructureValue([new("X", S("y"))])]);
        LogEvent Next(params (string Name, LogEventPropertyValue Value)[] properties) =>
            new(Time, LogEventLevel.Information, null, template, [.. properties.Select(p => new LogEventProperty(p.Name, p.Value))]);

        var events = new List<LogEvent>();
        for (var i = 0; i < 4; i++)
        {
            events.Add(Next(("A", S($"a{i}")), ("B", S(i + 0.25)), ("EventId", eventId), ("SourceContext", source), ("Counter", counter), ("Nested", nested)));
            mutable.Value++;
        }

        events.Add(Next(("B", S(1.5)), ("A", S("swapped")), ("EventId", eventId), ("Counter", counter)));
        events.Add(Next(("B", S(1.5)), ("A", S("swapped")), ("EventId", S("not a structure")), ("Counter", counter)));
        events.Add(Next(("A", S("fewer"))));
        events.Add(Next(("A", S("a")), ("B", S(2.0)), ("EventId", eventId), ("SourceContext", source), ("Counter", counter), ("Nested", nested)));
        events.Add(Next([.. Enumerable.Range(0, 40).Select(i => ($"P{i}", (LogEventPropertyValue)S(i)))]));
        events.Add(Next([.. Enumerable.Range(0, 40).Select(i => ($"P{i}", (LogEventPropertyValue)S(-i)))]));

        using var formatter = new CompactJsonUtf8Formatter();
        foreach (var logEvent in events)
        {
            var buffer = new ByteBuffer(16);
            formatter.Format(logEvent, buffer);
            var expected = WithCompactJsonFormatter(logEvent);
            Assert.True(expected.AsSpan().SequenceEqual(buffer.WrittenSpan),
                $"expected: {Encoding.UTF8.GetString(expected)}\nactual:   {Encoding.UTF8.GetString(buffer.WrittenSpan)}");
            mutable.Value += 10;
        }
    }

    [Fact]
    public void The_review_line_has_its_rendering_and_properties()
    {
        var line = Encoding.UTF8.GetString(WithUtf8Formatter(Events().Single(e => e.Name == "review").Event));

        Assert.StartsWith("{\"@t\":\"2026-03-04T05:06:07.0000000Z\",\"@mt\":\"Review {Uid} {Operation} pod", line, StringComparison.Ordinal);
        Assert.Contains("\"@r\":[\"1.235\"],\"@tr\":\"", line, StringComparison.Ordinal);
        Assert.Contains("\"DurationMs\":1.23456,\"Detail\":\"\",\"EventId\":{\"Id\":1001,\"Name\":\"LogReview\"},\"SourceContext\":", line, StringComparison.Ordinal);
        Assert.EndsWith("}" + Environment.NewLine, line, StringComparison.Ordinal);
    }

    internal static byte[] WithCompactJsonFormatter(LogEvent logEvent)
    {
        // As the sink wrote before: CompactJsonFormatter into a UTF-8 StreamWriter without a BOM.
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1024, leaveOpen: true))
        {
            new CompactJsonFormatter().Format(logEvent, writer);
        }

        return stream.ToArray();
    }

    internal static byte[] WithUtf8Formatter(LogEvent logEvent)
    {
        using var formatter = new CompactJsonUtf8Formatter();
        var buffer = new ByteBuffer(16);
        formatter.Format(logEvent, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static IEnumerable<(string Name, LogEvent Event)> Events()
    {
        var trace = ActivityTraceId.CreateFromString("4bf92f3577b34da6a3ce929d0e0e4736");
        var span = ActivitySpanId.CreateFromString("00f067aa0ba902b7");

        yield return ("review", Event(
            "Review {Uid} {Operation} pod {Namespace}/{Pod} ServiceAccount {ServiceAccount}: {Outcome}, providers {Providers}, {WarningCount} warnings, dryRun {DryRun}, {DurationMs:0.###} ms{Detail}",
            LogEventLevel.Information, null, trace, span,
            ("Uid", S("705ab4f5-6393-11e8-b7cc-42010a800002")), ("Operation", S("CREATE")), ("Namespace", S("team-a")),
            ("Pod", S("app-7d4b9c-")), ("ServiceAccount", S("app")), ("Outcome", S("mutated")), ("Providers", S("aws,gcp")),
            ("WarningCount", S(0)), ("DryRun", S(false)), ("DurationMs", S(1.23456)), ("Detail", S("")),
            ("EventId", EventId(1001, "LogReview")), ("SourceContext", S("PodIdentity.Webhook.Admission.AdmissionHandler")),
            ("RequestId", S("0HNQ9V51N180V:00000001")), ("RequestPath", S("/mutate")), ("ConnectionId", S("0HNQ9V51N180V"))));

        yield return ("denied review", Event(
            "Review {Uid} {Operation} pod {Namespace}/{Pod} ServiceAccount {ServiceAccount}: {Outcome}, providers {Providers}, {WarningCount} warnings, dryRun {DryRun}, {DurationMs:0.###} ms{Detail}",
            LogEventLevel.Information, null, default, default,
            ("Uid", S("u")), ("Operation", S("CREATE")), ("Namespace", S("ns")), ("Pod", S("p")), ("ServiceAccount", S("sa")),
            ("Outcome", S("denied")), ("Providers", S("none")), ("WarningCount", S(2)), ("DryRun", S(true)), ("DurationMs", S(1234567.0)),
            ("Detail", S("; annotation \"eks.amazonaws.com/role-arn\" is not an ARN:\n\tarn:aws:iam::1:role\\x"))));

        yield return ("escapes", Event("Text {A} {B} {C}", LogEventLevel.Information, null, default, default,
            ("A", S("quote \" backslash \\ slash / newline \n return \r tab \t formfeed \f backspace \b nul \0 unit \u001f del \u007f")),
            ("B", S("\"\\\n")), ("C", S("\u0001\u0002\u0003\u0010\u001A\u001B end"))));

        yield return ("non-ASCII", Event("Grüße {Name} 日本 {Emoji}", LogEventLevel.Information, null, default, default,
            ("Name", S("Zoë Ñandú — “quoted” €")), ("Emoji", S("😀 🇩🇪 \u00a0 \u2028 \u2029 \ufeff")), ("Ünïcödé", S("ключ"))));

        yield return ("lone surrogates", Event("{A} {B} {C} {D} {E}", LogEventLevel.Information, null, default, default,
            ("A", S("high \ud83d alone")), ("B", S("low \ude00 alone")), ("C", S("reversed \ude00\ud83d pair")),
            ("D", S("end \ud83d")), ("E", S("before escape \ud83d\n and \ud83d\"")), ("\ud83dname", S(1))));

        yield return ("template escapes", Event("A \"quoted\" \\ {{literal}} template\nwith newline {X}", LogEventLevel.Information, null, default, default,
            ("X", S(1))));

        yield return ("numbers", Event("Numbers", LogEventLevel.Information, null, default, default,
            ("IntMin", S(int.MinValue)), ("IntMax", S(int.MaxValue)), ("Long", S(long.MinValue)), ("ULong", S(ulong.MaxValue)),
            ("UInt", S(uint.MaxValue)), ("Short", S((short)-5)), ("UShort", S((ushort)5)), ("Byte", S((byte)255)), ("SByte", S((sbyte)-128)),
            ("Decimal", S(1234567.8900m)), ("Double", S(0.1)), ("Third", S(1.0 / 3)), ("Big", S(1e300)), ("Small", S(5e-324)),
            ("NegZero", S(-0.0)), ("Whole", S(42.0)), ("NaN", S(double.NaN)), ("PosInf", S(double.PositiveInfinity)),
            ("NegInf", S(double.NegativeInfinity)), ("Float", S(0.1f)), ("FloatNaN", S(float.NaN)), ("FloatInf", S(float.NegativeInfinity))));

        yield return ("other scalars", Event("Scalars", LogEventLevel.Information, null, default, default,
            ("Null", S(null)), ("True", S(true)), ("False", S(false)), ("Char", S('"')), ("CharNewline", S('\n')), ("CharX", S('x')),
            ("Utc", S(new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc).AddTicks(9))),
            ("Unspecified", S(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Unspecified))),
            ("Offset", S(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 6, TimeSpan.FromMinutes(330)))),
            ("TimeSpan", S(TimeSpan.FromMilliseconds(-90061001.5))), ("Guid", S(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"))),
            ("Enum", S(LogEventLevel.Warning)), ("Uri", S(new Uri("https://example.com/a?b=\"c\""))),
            ("DateOnly", S(new DateOnly(2026, 2, 3))), ("TimeOnly", S(new TimeOnly(4, 5, 6, 7))),
            ("Object", S(new Odd())), ("NullToString", S(new NullToString()))));

        yield return ("structures", Event("Structures {S}", LogEventLevel.Information, null, default, default,
            ("S", new StructureValue([new("A", S(1)), new("B \"b\"", S("x"))], "Type\"Tag")),
            ("Empty", new StructureValue([])),
            ("EmptyTagged", new StructureValue([], "Tagged")),
            ("Nested", new StructureValue([new("Inner", new StructureValue([new("Seq", new SequenceValue([S(1), S("two"), S(null)]))]))])),
            ("Sequence", new SequenceValue([S(1), new SequenceValue([]), new StructureValue([new("X", S(2.5))], "T")])),
            ("EmptySequence", new SequenceValue([])),
            ("Dictionary", new DictionaryValue([
                new(S("k\"1"), S(1)), new(S(2), S("two")), new(S(null), S(null)), new(S(1.5), new SequenceValue([S(true)]))]))));

        yield return ("renderings", Event(
            "Expires {NotAfter:o}, {Ratio:P0}, {Hex:X8}, {Plain:l}, {Quoted:u} {Missing:o} {Aligned,10:0.0} {Left,-6:0} {Null:o} " +
            "{Seq:x} {Span:c} {Date:yyyy-MM-dd} {When:HH:mm} {Id:N} {Long:N0} {Unformatted} {Text}",
            LogEventLevel.Information, null, default, default,
            ("NotAfter", S(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero))), ("Ratio", S(0.4)), ("Hex", S(255)),
            ("Plain", S("plain \"l\" text\n")), ("Quoted", S("say \"hi\"")), ("Aligned", S(3.14159)), ("Left", S(7.0)),
            ("Null", S(null)), ("Seq", new SequenceValue([S(1), S("a")])), ("Span", S(TimeSpan.FromSeconds(61))),
            ("Date", S(new DateTime(2026, 5, 6))), ("When", S(new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.FromHours(-3)))),
            ("Id", S(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"))), ("Long", S(1234567L)), ("Unformatted", S(1)), ("Text", S("t"))));

        yield return ("positional", Event("{0:0.00} and {1}", LogEventLevel.Information, null, default, default,
            ("0", S(2.5)), ("1", S("x"))));

        yield return ("empty template", Event("", LogEventLevel.Information, null, default, default));

        yield return ("at names", Event("{@Obj} {$Str}", LogEventLevel.Information, null, default, default,
            ("@Obj", S(1)), ("@@x", S(2)), ("$Str", S("s")), ("na\"me\n", S(3))));

        foreach (var level in Enum.GetValues<LogEventLevel>().Append((LogEventLevel)42))
        {
            yield return ($"level {level}", Event("Level {L}", level, null, default, default, ("L", S((int)level))));
        }

        yield return ("exception", Event("Failed for {Namespace}/{ServiceAccount}", LogEventLevel.Error, Thrown(), trace, span,
            ("Namespace", S("team-a")), ("ServiceAccount", S("app")), ("EventId", EventId(1003, "LogLookupFailed"))));

        yield return ("trace without span", Event("Traced", LogEventLevel.Warning, null, trace, default));

        yield return ("offset timestamp", new LogEvent(
            new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.FromHours(-8)).AddTicks(1234567), LogEventLevel.Debug, null,
            Parser.Parse("Offset"), []));

        yield return ("local timestamp", new LogEvent(
            new DateTimeOffset(new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Local).AddTicks(42)), LogEventLevel.Information, null,
            Parser.Parse("Local"), []));

        var huge = new string('x', 100_000) + "\"" + new string('é', 70_000) + "😀";
        yield return ("huge", Event("Huge {Value} {Value:l}", LogEventLevel.Information, null, default, default, ("Value", S(huge))));
    }

    private static LogEvent Event(string template, LogEventLevel level, Exception? exception, ActivityTraceId trace, ActivitySpanId span,
        params (string Name, LogEventPropertyValue Value)[] properties) =>
        new(Time, level, exception, Parser.Parse(template),
            [.. properties.Select(p => new LogEventProperty(p.Name, p.Value))], trace, span);

    private static ScalarValue S(object? value) => new(value);

    private static StructureValue EventId(int id, string name) => new([new("Id", S(id)), new("Name", S(name))]);

    private static HttpRequestException Thrown()
    {
        try
        {
            try
            {
                throw new InvalidOperationException("inner \"reason\"\nsecond line é");
            }
            catch (InvalidOperationException e)
            {
                throw new HttpRequestException("lookup failed: 503 \\ \u0001", e);
            }
        }
        catch (HttpRequestException e)
        {
            return e;
        }
    }

    private sealed class Counter
    {
        public int Value { get; set; }

        public override string ToString() => $"count {Value}";
    }

    private sealed class Odd
    {
        public override string ToString() => "odd \"object\" \u0007";
    }

    private sealed class NullToString
    {
        public override string? ToString() => null;
    }
}
