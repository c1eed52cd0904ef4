using System.Text;
using System.Text.Json;
using PodIdentity.Core.Admission;

namespace PodIdentity.Core.Tests.Admission;

/// <summary>
/// The scanner that skips unread containers against <see cref="Utf8JsonReader"/>: on every body that
/// is one object or array, both accept or both reject, and when they accept they end at the same byte.
/// </summary>
public sealed class JsonScannerTests
{
    [Fact]
    public void Random_well_formed_containers_end_where_the_reader_ends_them()
    {
        var random = new RandomJson(seed: 1);
        for (var i = 0; i < 400; i++)
        {
            var json = Encoding.UTF8.GetBytes(i % 2 == 0 ? random.Object(maxDepth: 6) : "[" + random.Value(maxDepth: 6) + "]");

            var close = ScannerClose(json);

            Assert.NotNull(close);
            Assert.Equal(JsonOracle.ReaderClose(json), close);
        }
    }

    [Fact]
    public void Truncated_and_edited_containers_are_rejected_exactly_when_the_reader_rejects_them()
    {
        var random = new RandomJson(seed: 2);
        var edits = new Random(3);
        var cases = 0;
        var rejected = 0;
        for (var i = 0; i < 60; i++)
        {
            var json = Encoding.UTF8.GetBytes(random.Object(maxDepth: 5));
            foreach (var broken in Corruptions.Truncations(json).Concat(Corruptions.Edits(json, edits)))
            {
                AssertAgreesWithReader(broken);
                cases++;
                rejected += JsonOracle.ReaderClose(broken) is null ? 1 : 0;
            }
        }

        // Both kinds are there in numbers: the comparison is not vacuous.
        Assert.InRange(rejected, cases / 4, cases - cases / 10);
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Hand_picked_bodies_are_read_as_the_reader_reads_them(string json) =>
        AssertAgreesWithReader(Encoding.UTF8.GetBytes(json));

    public static TheoryData<string> Bodies() =>
    [
        // Numbers.
        "[0]", "[-0]", "[-]", "[-a]", "[01]", "[-01]", "[00]", "[1.]", "[1.5]", "[.5]", "[1e]", "[1e+]", "[1e-2]", "[1E2]", "[1.5e3.2]",
        "[0x1F]", "[1_000]", "[+1]", "[NaN]", "[Infinity]", "[-Infinity]", "[1 2]", "[1,2 ,3]", "[1/2]", "[1]2",
        // Literals.
        "[true]", "[tru]", "[truee]", "[True]", "[false]", "[fals]", "[null]", "[nul]", "[nulll]", "[nan]", "[true false]", "[truefalse]",
        // Strings and escapes (written as C# escapes: \\ is one backslash in the body).
        "[\"a\"]", "[\"a\"\"b\"]", "[\"\\\"\"]", "[\"\\\\\"]", "[\"\\/\"]", "[\"\\b\\f\\n\\r\\t\"]", "[\"\\a\"]", "[\"\\x41\"]", "[\"\\'\"]",
        "[\"\\u0041\"]", "[\"\\u00e9\\uD83D\\uDE00\"]", "[\"\\uDE00\"]", "[\"\\u12G4\"]", "[\"\\u123\"]", "[\"\\u\"]", "[\"\\u12\"]",
        "[\"\\\"]", "[\"\\\\\\\"]", "[\"a\\\"", "[\"abc", "[\"", "['a']", "[\"\\u0000\"]", "[\"\\", "[\"\\u00",
        // Structure.
        "[]", "{}", "[[]]", "[{}]", "{\"a\":{}}", "[", "]", "[[]", "[]]", "[}", "{]", "{\"a\":[}]", "[1,]", "[,1]", "[1,,2]", "{\"a\":1,}",
        "{,}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{\"a\"::1}", "{\"a\":1 \"b\":2}", "{a:1}", "{'a':1}", "{1:1}", "{\"a\":1}}", "[]  ", "[] x",
        "[] []", "[/* c */]", "[1 // c\n]", "{\"a\":1,\"a\":2}", " \t\r\n[ \t\r\n1 \t\r\n, \t\r\n{ \"a\" \t\r\n: \t\r\n[ ] } ]", "[\u00a0]", "[\ufeff1]",
    ];

    [Fact]
    public void Every_control_character_in_a_string_is_rejected_and_every_other_byte_accepted()
    {
        for (var b = 0; b < 256; b++)
        {
            if (b is '"' or '\\')
            {
                continue;
            }

            byte[] json = [.. "[\"a"u8, (byte)b, .. "b\"]"u8];

            AssertAgreesWithReader(json);
            Assert.Equal(b >= 0x20, ScannerClose(json) is not null);
        }
    }

    [Theory]
    [InlineData(62)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(100)]
    public void Nesting_is_limited_to_64_levels_like_the_reader(int levels)
    {
        foreach (var open in new[] { "[", "{\"a\":" })
        {
            var close = open == "[" ? "]" : "}";
            var json = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(open, levels)) + "1" + string.Concat(Enumerable.Repeat(close, levels)));

            AssertAgreesWithReader(json);
            Assert.Equal(levels <= 64, ScannerClose(json) is not null);
        }
    }

    [Theory]
    [InlineData(1, 63)]
    [InlineData(1, 64)]
    [InlineData(10, 54)]
    [InlineData(10, 55)]
    [InlineData(63, 1)]
    [InlineData(63, 2)]
    [InlineData(64, 1)]
    public void Depth_counts_from_the_document_root(int depth, int levels)
    {
        // A container the reader opened at depth - 1 (its depth inside is depth), with levels in all.
        var inner = new string('[', levels) + new string(']', levels);
        var json = Encoding.UTF8.GetBytes(inner);
        var wrapped = Encoding.UTF8.GetBytes(new string('[', depth - 1) + inner + new string(']', depth - 1));

        var scanned = Scans(() => JsonScanner.FindClose(json, 1, isObject: false, depth));

        Assert.Equal(JsonOracle.ReaderError(wrapped) is null, scanned);
        Assert.Equal(depth - 1 + levels <= 64, scanned);
    }

    [Fact]
    public void An_error_says_what_is_wrong_and_at_which_byte()
    {
        var json = """{"a":[1,2],"b":"x\qy"}"""u8.ToArray();

        var error = Assert.Throws<JsonException>(() => JsonScanner.FindClose(json, 1, isObject: true, depth: 1));

        Assert.Contains("invalid escape", error.Message, StringComparison.Ordinal);
        Assert.Contains("at byte 18", error.Message, StringComparison.Ordinal);
    }

    private static void AssertAgreesWithReader(byte[] json)
    {
        if (json.Length == 0 || json[0] is not ((byte)'{' or (byte)'['))
        {
            // The scanner starts inside a container the reader opened.
            return;
        }

        var expected = JsonOracle.ReaderClose(json);
        var actual = ScannerClose(json);
        if (expected != actual)
        {
            Assert.Fail($"reader: {expected?.ToString() ?? "rejects"}, scanner: {actual?.ToString() ?? "rejects"}, body: {Encoding.UTF8.GetString(json)}");
        }
    }

    /// <summary>The closing bracket's index if the body is that container and whitespace, else null.</summary>
    private static int? ScannerClose(byte[] json)
    {
        try
        {
            var close = JsonScanner.FindClose(json, 1, json[0] == '{', depth: 1);
            return json.AsSpan(close + 1).IndexOfAnyExcept(" \t\r\n"u8) < 0 ? close : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Scans(Func<int> scan)
    {
        try
        {
            scan();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
