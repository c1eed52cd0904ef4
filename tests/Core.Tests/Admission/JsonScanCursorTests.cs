using System.Text;
using System.Text.Json;
using PodIdentity.Core.Admission;

namespace PodIdentity.Core.Tests.Admission;

/// <summary>
/// <see cref="JsonScanCursor"/> as a tokenizer of its own, against <see cref="Utf8JsonReaderCursor"/>:
/// walking any body with the same steps (reading everything, or skipping values from some depth on),
/// both see the same tokens at the same bytes with the same strings, or both reject the body.
/// The decoder only ever walks a pod's shape; this walks every shape, down to the depth limit.
/// </summary>
public sealed class JsonScanCursorTests
{
    private static readonly int[] SkipDepths = [int.MaxValue, 1, 2, 3];

    [Fact]
    public void Random_well_formed_bodies_are_walked_alike()
    {
        var random = new RandomJson(seed: 7);
        for (var i = 0; i < 400; i++)
        {
            var json = Encoding.UTF8.GetBytes(random.Value(maxDepth: 6));
            foreach (var skipFrom in SkipDepths)
            {
                var (exact, fast) = AssertWalkedAlike(json, skipFrom);
                Assert.EndsWith("end", exact, StringComparison.Ordinal);
                Assert.Equal(exact, fast);
            }
        }
    }

    [Fact]
    public void Truncated_and_edited_bodies_are_rejected_exactly_when_the_reader_rejects_them()
    {
        var random = new RandomJson(seed: 8);
        var edits = new Random(9);
        var cases = 0;
        var rejected = 0;
        for (var i = 0; i < 40; i++)
        {
            var json = Encoding.UTF8.GetBytes(random.Object(maxDepth: 4));
            foreach (var broken in Corruptions.Truncations(json).Concat(Corruptions.Edits(json, edits)))
            {
                var (exact, _) = AssertWalkedAlike(broken, SkipDepths[cases % SkipDepths.Length]);
                cases++;
                rejected += exact.StartsWith("error", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        // Both kinds are there in numbers: the comparison is not vacuous.
        Assert.InRange(rejected, cases / 4, cases - cases / 10);
    }

    [Theory]
    [MemberData(nameof(JsonScannerTests.Bodies), MemberType = typeof(JsonScannerTests))]
    public void Hand_picked_bodies_are_walked_alike(string json)
    {
        foreach (var skipFrom in SkipDepths)
        {
            AssertWalkedAlike(Encoding.UTF8.GetBytes(json), skipFrom);
        }
    }

    [Fact]
    public void Strings_read_as_text_fail_alike_on_invalid_UTF8_and_surrogates()
    {
        // Latin-1 chars are the raw bytes: 0xFF, a lone lead byte, an overlong '/', an encoded surrogate.
        string[] strings = ["\u00FF", "\u00C3", "\u00C0\u00AF", "\u00ED\u00A0\u0080", "\u00C3\u00A9", "\\uD800", "\\uDC00", "\\uD83D\\uDE00", "\\uD83Dx"];
        foreach (var text in strings)
        {
            var json = Encoding.Latin1.GetBytes($$"""{"{{text}}":["{{text}}"]}""");
            var (exact, fast) = AssertWalkedAlike(json, int.MaxValue);
            Assert.Equal(exact, fast);
        }
    }

    [Theory]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(100)]
    public void Nesting_is_limited_to_64_levels_whether_read_or_skipped(int levels)
    {
        foreach (var open in new[] { "[", "{\"a\":" })
        {
            var close = open == "[" ? "]" : "}";
            var json = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(open, levels)) + "1" + string.Concat(Enumerable.Repeat(close, levels)));
            foreach (var skipFrom in new[] { int.MaxValue, 1, 63, 64 })
            {
                var (exact, _) = AssertWalkedAlike(json, skipFrom);
                Assert.Equal(levels <= 64, exact.EndsWith("end", StringComparison.Ordinal));
            }
        }
    }

    /// <summary>Both walks; when the reader's succeeds, the fast one's is the same, and when it fails, the fast one fails too.</summary>
    private static (string Exact, string Fast) AssertWalkedAlike(byte[] json, int skipFrom)
    {
        var exact = Walk(new Utf8JsonReaderCursor(json), skipFrom);
        var fast = Walk(new JsonScanCursor(json), skipFrom);
        var body = Encoding.Latin1.GetString(json);
        if (exact.StartsWith("error", StringComparison.Ordinal))
        {
            Assert.True(fast.StartsWith("error", StringComparison.Ordinal), $"reader: {exact}\nfast: {fast}\nbody: {body}");
        }
        else
        {
            Assert.True(exact == fast, $"reader: {exact}\nfast: {fast}\nbody: {body}");
        }

        return (exact, fast);
    }

    /// <summary>Every token, where it starts and, for strings, their bytes and text; "end", or "error" when the body is rejected.</summary>
    private static string Walk<TCursor>(TCursor cursor, int skipFrom)
        where TCursor : IJsonCursor, allows ref struct
    {
        var trace = new StringBuilder();
        try
        {
            Value(ref cursor, cursor.NextValue(), 0, skipFrom, trace);
            return cursor.AtEndOfBody() ? trace.Append("end").ToString() : "error: more after the value, after " + trace;
        }
        catch (JsonException)
        {
            return "error after " + trace;
        }
    }

    private static void Value<TCursor>(ref TCursor cursor, JsonTokenType token, int depth, int skipFrom, StringBuilder trace)
        where TCursor : IJsonCursor, allows ref struct
    {
        Record(ref cursor, trace);
        if (token == JsonTokenType.StartObject)
        {
            while (cursor.NextProperty())
            {
                Record(ref cursor, trace);
                if (depth + 1 >= skipFrom)
                {
                    cursor.SkipValue();
                    trace.Append("skipped to ");
                    Record(ref cursor, trace);
                }
                else
                {
                    Value(ref cursor, cursor.NextValue(), depth + 1, skipFrom, trace);
                }
            }

            Record(ref cursor, trace);
        }
        else if (token == JsonTokenType.StartArray)
        {
            JsonTokenType element;
            while ((element = cursor.NextElement()) != JsonTokenType.EndArray)
            {
                Value(ref cursor, element, depth + 1, skipFrom, trace);
            }

            Record(ref cursor, trace);
        }
    }

    private static void Record<TCursor>(ref TCursor cursor, StringBuilder trace)
        where TCursor : IJsonCursor, allows ref struct
    {
        trace.Append(cursor.TokenType).Append('@').Append(cursor.TokenStart);
        if (cursor.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
        {
            trace.Append(' ').Append(Convert.ToHexString(cursor.ValueSpan)).Append(cursor.ValueIsEscaped ? " escaped" : "");
            try
            {
                trace.Append(" text ").Append(cursor.GetString());
                if (cursor.TokenType == JsonTokenType.PropertyName)
                {
                    trace.Append(" name ").Append(Convert.ToHexString(cursor.PropertyName()));
                }
            }
            catch (InvalidOperationException e)
            {
                trace.Append(" not text: ").Append(e.Message);
            }
        }

        trace.Append('\n');
    }
}
