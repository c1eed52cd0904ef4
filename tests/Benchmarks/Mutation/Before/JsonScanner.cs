using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text.Json;

namespace PodIdentity.Benchmarks.Before;

/// <summary>
/// Steps over JSON tokens, and finds the end of a whole object or array, checking them as strictly as
/// <see cref="Utf8JsonReader"/> with default options does: RFC 8259 grammar (no comments, no trailing
/// commas), escapes, no control characters in strings, and a depth of at most 64 counted from the
/// document root.
/// <para>
/// Why: <see cref="Utf8JsonReader"/> is general (comments, trailing commas, partial buffers, token
/// state for any caller), and most of an API server's pod is skipped unread (managedFields, probes,
/// resources…). Here strings, which are most of the bytes, are searched 16 bytes at a time, and a
/// skipped container is a small loop with no per-token state. Like the reader, it does not check that
/// strings are valid UTF-8: that is checked when a string becomes text.
/// </para>
/// </summary>
internal static class JsonScanner
{
    /// <summary><see cref="JsonReaderOptions.MaxDepth"/> when left at its default.</summary>
    public const int MaxDepth = 64;

    private static readonly SearchValues<byte> WhiteSpace = SearchValues.Create(" \t\r\n"u8);

    /// <summary>
    /// The index of the bracket that closes the container whose opening bracket ends just before
    /// <paramref name="start"/>. <paramref name="depth"/> is the reader's depth inside that container
    /// (its <see cref="Utf8JsonReader.CurrentDepth"/> on the opening bracket, plus one).
    /// Throws <see cref="JsonException"/> for anything <see cref="Utf8JsonReader"/> would reject.
    /// </summary>
    public static int FindClose(ReadOnlySpan<byte> json, int start, bool isObject, int depth)
    {
        // Bit n: the container n levels below the first is an object (1) or an array (0). 64 levels fit, as MaxDepth allows.
        var objects = isObject ? 1UL : 0UL;
        var level = 0;
        var pos = start;
        byte next;

    // Just after an opening bracket: a first member, or the closing bracket of an empty container.
    Opened:
        pos = SkipWhiteSpace(json, pos);
        next = At(json, pos);
        if (next == CloseOf(objects, level))
        {
            goto Closed;
        }

    // At the first byte of a member: in an object a property name, ':' and a value; in an array a value.
    Member:
        if ((objects >> level & 1) != 0)
        {
            if (next != '"')
            {
                Throw("expected a property name", json, pos);
            }

            pos = SkipWhiteSpace(json, SkipString(json, pos + 1, out _));
            if (At(json, pos) != ':')
            {
                Throw("expected ':' after a property name", json, pos);
            }

            pos = SkipWhiteSpace(json, pos + 1);
            next = At(json, pos);
        }

        switch (next)
        {
            case (byte)'"':
                pos = SkipString(json, pos + 1, out _);
                break;
            case (byte)'{' or (byte)'[':
                if (depth + level >= MaxDepth)
                {
                    Throw($"the maximum depth of {MaxDepth} is exceeded", json, pos);
                }

                level++;
                objects = next == '{' ? objects | 1UL << level : objects & ~(1UL << level);
                pos++;
                goto Opened;
            default:
                pos = SkipScalar(json, pos, out _);
                break;
        }

    // After a value: ',' and the next member, or the closing bracket of its container.
    AfterValue:
        pos = SkipWhiteSpace(json, pos);
        next = At(json, pos);
        if (next == ',')
        {
            pos = SkipWhiteSpace(json, pos + 1);
            next = At(json, pos);
            goto Member;
        }

        if (next != CloseOf(objects, level))
        {
            Throw((objects >> level & 1) != 0 ? "expected ',' or '}' after a property value" : "expected ',' or ']' after an array element", json, pos);
        }

    Closed:
        if (level == 0)
        {
            return pos;
        }

        level--;
        pos++;
        goto AfterValue;
    }

    private static byte CloseOf(ulong objects, int level) => (objects >> level & 1) != 0 ? (byte)'}' : (byte)']';

    /// <summary>The byte at <paramref name="pos"/>, or 0 past the end: no JSON token starts with 0, so the caller's check fails there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte At(ReadOnlySpan<byte> json, int pos) => (uint)pos < (uint)json.Length ? json[pos] : (byte)0;

    /// <summary>The first byte from <paramref name="pos"/> on that is not JSON whitespace, or the end of the body.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SkipWhiteSpace(ReadOnlySpan<byte> json, int pos) =>
        // Compact JSON, as the API server sends it, has none: one test and out.
        (uint)pos < (uint)json.Length && json[pos] > (byte)' ' ? pos : SkipWhiteSpaceRun(json, pos);

    /// <summary>
    /// Indented JSON: most runs are one space after ':' or ','; a line break comes with its indentation,
    /// searched many bytes at a time (byte by byte, whitespace was the largest part of decoding an indented body).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SkipWhiteSpaceRun(ReadOnlySpan<byte> json, int pos)
    {
        if ((uint)pos >= (uint)json.Length)
        {
            return pos;
        }

        if (json[pos] == ' ' && (uint)(pos + 1) < (uint)json.Length && json[pos + 1] > (byte)' ')
        {
            return pos + 1;
        }

        var run = json[pos..].IndexOfAnyExcept(WhiteSpace);
        return run < 0 ? json.Length : pos + run;
    }

    /// <summary>From just after the opening quote to just after the closing one; <paramref name="escaped"/> if it holds a backslash escape.</summary>
    public static int SkipString(ReadOnlySpan<byte> json, int pos, out bool escaped)
    {
        escaped = false;
        while (true)
        {
            pos = FindStringSpecial(json, pos);
            var special = At(json, pos);
            if (special == '"')
            {
                return pos + 1;
            }

            if (special != '\\')
            {
                Throw(pos < json.Length ? "a control character must be escaped in a string" : "a string is not closed", json, pos);
            }

            escaped = true;
            pos = SkipEscape(json, pos);
        }
    }

    /// <summary>
    /// The first quote, backslash or control character from <paramref name="pos"/> on, or the end of the body.
    /// 16 bytes are tested at once while there are 16 left: a whole property name or short value at a time.
    /// (Inline: with <c>IndexOfAny(SearchValues)</c>, the call and its set-up dominated, most strings being short.)
    /// </summary>
    private static int FindStringSpecial(ReadOnlySpan<byte> json, int pos)
    {
        if (Vector128.IsHardwareAccelerated)
        {
            var quote = Vector128.Create((byte)'"');
            var backslash = Vector128.Create((byte)'\\');
            var notControl = Vector128.Create((byte)0xE0);
            for (; pos <= json.Length - Vector128<byte>.Count; pos += Vector128<byte>.Count)
            {
                var chunk = Vector128.Create(json.Slice(pos, Vector128<byte>.Count));
                var special = Vector128.Equals(chunk, quote)
                    | Vector128.Equals(chunk, backslash)
                    | Vector128.Equals(chunk & notControl, Vector128<byte>.Zero);
                if (special != Vector128<byte>.Zero)
                {
                    return pos + BitOperations.TrailingZeroCount(special.ExtractMostSignificantBits());
                }
            }
        }

        while (pos < json.Length && json[pos] is not ((byte)'"' or (byte)'\\' or < 0x20))
        {
            pos++;
        }

        return pos;
    }

    /// <summary>From a backslash to just after its escape sequence: one of <c>"\/bfnrt</c>, or <c>u</c> and 4 hex digits.</summary>
    private static int SkipEscape(ReadOnlySpan<byte> json, int pos)
    {
        switch (At(json, pos + 1))
        {
            case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                return pos + 2;
            case (byte)'u':
                for (var i = pos + 2; i < pos + 6; i++)
                {
                    if (!char.IsAsciiHexDigit((char)At(json, i)))
                    {
                        Throw("a \\u escape needs 4 hex digits", json, i);
                    }
                }

                return pos + 6;
            default:
                Throw("invalid escape in a string", json, pos + 1);
                return 0;
        }
    }

    /// <summary>
    /// A literal or a number starting at <paramref name="pos"/>: its end, and which token it is. Anything
    /// else that may start a value (a string, an object, an array) is the caller's; what may follow is the caller's check.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SkipScalar(ReadOnlySpan<byte> json, int pos, out JsonTokenType token)
    {
        switch (At(json, pos))
        {
            case (byte)'t':
                token = JsonTokenType.True;
                return SkipLiteral(json, pos, "true"u8);
            case (byte)'f':
                token = JsonTokenType.False;
                return SkipLiteral(json, pos, "false"u8);
            case (byte)'n':
                token = JsonTokenType.Null;
                return SkipLiteral(json, pos, "null"u8);
            default:
                token = JsonTokenType.Number;
                return SkipNumber(json, pos);
        }
    }

    private static int SkipLiteral(ReadOnlySpan<byte> json, int pos, ReadOnlySpan<byte> literal)
    {
        if (!json[pos..].StartsWith(literal))
        {
            Throw("invalid literal (true, false or null)", json, pos);
        }

        return pos + literal.Length;
    }

    /// <summary><c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>; what may follow is the caller's check.</summary>
    private static int SkipNumber(ReadOnlySpan<byte> json, int pos)
    {
        var i = pos;
        if (At(json, i) == '-')
        {
            i++;
        }

        if (At(json, i) == '0')
        {
            i++;
        }
        else if (char.IsAsciiDigit((char)At(json, i)))
        {
            i = SkipDigits(json, i + 1);
        }
        else
        {
            Throw(i == pos ? "expected a value" : "a '-' must be followed by a digit", json, i);
        }

        if (At(json, i) == '.')
        {
            i = SkipRequiredDigits(json, i + 1, "a '.' in a number must be followed by a digit");
        }

        if (At(json, i) is (byte)'e' or (byte)'E')
        {
            i++;
            if (At(json, i) is (byte)'+' or (byte)'-')
            {
                i++;
            }

            i = SkipRequiredDigits(json, i, "an exponent needs a digit");
        }

        return i;
    }

    private static int SkipRequiredDigits(ReadOnlySpan<byte> json, int pos, string problem)
    {
        if (!char.IsAsciiDigit((char)At(json, pos)))
        {
            Throw(problem, json, pos);
        }

        return SkipDigits(json, pos + 1);
    }

    private static int SkipDigits(ReadOnlySpan<byte> json, int pos)
    {
        while (char.IsAsciiDigit((char)At(json, pos)))
        {
            pos++;
        }

        return pos;
    }

    /// <summary>
    /// Kept out of the scanning loops. The position is the byte's index in the body. The public decoder
    /// never shows this message: it reads a body it rejects again with <see cref="Utf8JsonReader"/>, for its exact error.
    /// </summary>
    [DoesNotReturn]
    public static void Throw(string problem, ReadOnlySpan<byte> json, int pos)
    {
        var found = pos < json.Length ? $"'{(char)json[pos]}' (0x{json[pos]:X2})" : "the end of the body";
        throw new JsonException($"Invalid JSON: {problem}, found {found} at byte {pos}.");
    }
}
