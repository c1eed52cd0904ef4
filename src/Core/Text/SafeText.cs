using System.Buffers;
using System.Globalization;
using System.Text;

namespace PodIdentity.Core.Text;

/// <summary>
/// Text from a request or a ServiceAccount made safe to put in a message, a response or a log line:
/// bounded in length and on one line. Control characters (C0, DEL, C1), the Unicode line and paragraph
/// separators, the bidirectional overrides and lone surrogates are written as escapes (<c>\n</c>, <c>\u001b</c>), so a
/// value cannot start a forged log line or reorder what a terminal shows; what is cut ends in "…".
/// </summary>
public static class SafeText
{
    /// <summary>Longest value quoted from input in a message, and longest 4xx reason.</summary>
    public const int MaxValueLength = 256;

    /// <summary>Longest whole message (a denial can list several annotation problems, each with an example).</summary>
    public const int MaxMessageLength = 2048;

    private const char Ellipsis = '…';

    private static readonly SearchValues<char> Unsafe = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Select(c => (char)c))
        + string.Concat(Enumerable.Range(0x7F, 0x21).Select(c => (char)c))
        + "\u2028\u2029\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069"
        + string.Concat(Enumerable.Range(0xD800, 0x800).Select(c => (char)c)));

    /// <summary>A value quoted in a message: at most <see cref="MaxValueLength"/> characters, one line.</summary>
    public static string Value(string? text) => Bound(text, MaxValueLength);

    /// <summary>A whole message: at most <see cref="MaxMessageLength"/> characters, one line.</summary>
    public static string Message(string? text) => Bound(text, MaxMessageLength);

    /// <summary>
    /// <paramref name="text"/> with unsafe characters escaped, cut to at most <paramref name="maxLength"/>
    /// characters (the last one then "…"). The same instance when nothing needed changing, which is the
    /// common case and costs one vectorised search.
    /// </summary>
    public static string Bound(string? text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 8);
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (text.Length <= maxLength && !HasUnsafe(text))
        {
            return text;
        }

        // Escaped piece by piece until past the limit; cut is the longest prefix ending between pieces
        // that leaves room for the "…".
        var result = new StringBuilder(Math.Min(text.Length, maxLength) + 16);
        var cut = 0;
        var i = 0;
        for (; i < text.Length && result.Length <= maxLength; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // A surrogate pair is kept or cut whole; a lone surrogate is escaped below.
                result.Append(c).Append(text[++i]);
            }
            else if (Unsafe.Contains(c))
            {
                result.Append(c switch
                {
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                });
            }
            else
            {
                result.Append(c);
            }

            if (result.Length < maxLength)
            {
                cut = result.Length;
            }
        }

        if (i == text.Length && result.Length <= maxLength)
        {
            return result.ToString();
        }

        result.Length = cut;
        return result.Append(Ellipsis).ToString();
    }

    /// <summary>True when <paramref name="text"/> would come back from <see cref="Bound"/> unchanged.</summary>
    public static bool IsSafe(string text, int maxLength) => text.Length <= maxLength && !HasUnsafe(text);

    /// <summary>Any character <see cref="Bound"/> would escape; a valid surrogate pair is not one.</summary>
    private static bool HasUnsafe(ReadOnlySpan<char> text)
    {
        while (true)
        {
            var at = text.IndexOfAny(Unsafe);
            if (at < 0)
            {
                return false;
            }

            if (!char.IsHighSurrogate(text[at]) || at + 1 >= text.Length || !char.IsLowSurrogate(text[at + 1]))
            {
                return true;
            }

            text = text[(at + 2)..];
        }
    }
}
