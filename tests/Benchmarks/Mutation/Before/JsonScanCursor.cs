using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace PodIdentity.Benchmarks.Before;

/// <summary>
/// The fast <see cref="IJsonCursor"/>: its own steps over a whole body with <see cref="JsonScanner"/>,
/// accepting exactly what <see cref="Utf8JsonReader"/> (default options) accepts and reading the same values.
/// <para>
/// Why: under load, decoding was the largest part of a review we control, and most of it was
/// <see cref="Utf8JsonReader.Read"/> being general. Here every step knows where it is (the reader says
/// so by the step it calls), so only a depth and one flag are kept. Its error messages are plain: the
/// public decoder reads a rejected body again with <see cref="Utf8JsonReaderCursor"/> for the exact error.
/// </para>
/// </summary>
internal ref struct JsonScanCursor(ReadOnlySpan<byte> json) : IJsonCursor
{
    /// <summary>What <see cref="Utf8JsonReader.GetString"/> transcodes with: invalid UTF-8 throws rather than becoming U+FFFD.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _json = json;

    /// <summary>The next byte to read.</summary>
    private int _pos;

    /// <summary>How many objects and arrays are open, as <see cref="Utf8JsonReader.CurrentDepth"/> inside them.</summary>
    private int _depth;

    /// <summary>Just after '{' or '[': the first member or the closing bracket may come, not a ','.</summary>
    private bool _opened;

    private JsonTokenType _token;
    private int _tokenStart;

    /// <summary>A string's bytes between its quotes.</summary>
    private int _valueStart;
    private int _valueLength;
    private bool _escaped;

    public readonly JsonTokenType TokenType => _token;

    public readonly int TokenStart => _tokenStart;

    public readonly ReadOnlySpan<byte> ValueSpan => _json.Slice(_valueStart, _valueLength);

    public readonly bool ValueIsEscaped => _escaped;

    public readonly string GetString()
    {
        if (!_escaped)
        {
            try
            {
                return StrictUtf8.GetString(ValueSpan);
            }
            catch (DecoderFallbackException)
            {
                // Let the reader itself say what is wrong, below.
            }
        }

        // Escapes are rare: unescaping them (surrogate pairs included) is left to the reader, so it is exactly the reader's.
        return TokenReader().GetString()!;
    }

    public readonly ReadOnlySpan<byte> PropertyName() => _escaped ? UnescapedName() : ValueSpan;

    public JsonTokenType NextValue()
    {
        var pos = JsonScanner.SkipWhiteSpace(_json, _pos);
        _tokenStart = pos;
        switch (JsonScanner.At(_json, pos))
        {
            case (byte)'"':
                _pos = StringToken(pos, JsonTokenType.String);
                return JsonTokenType.String;
            case (byte)'{':
                Open(pos);
                return _token = JsonTokenType.StartObject;
            case (byte)'[':
                Open(pos);
                return _token = JsonTokenType.StartArray;
            default:
                // A literal, a number or an error. A number's end is checked by the next step: ',' or a closing bracket.
                _pos = JsonScanner.SkipScalar(_json, pos, out _token);
                return _token;
        }
    }

    public bool NextProperty()
    {
        if (!NextMember((byte)'}', JsonTokenType.EndObject, out var pos))
        {
            return false;
        }

        if (JsonScanner.At(_json, pos) != '"')
        {
            JsonScanner.Throw("expected a property name", _json, pos);
        }

        var end = StringToken(pos, JsonTokenType.PropertyName);
        var colon = JsonScanner.SkipWhiteSpace(_json, end);
        if (JsonScanner.At(_json, colon) != ':')
        {
            JsonScanner.Throw("expected ':' after a property name", _json, colon);
        }

        _pos = colon + 1;
        return true;
    }

    public JsonTokenType NextElement()
    {
        if (!NextMember((byte)']', JsonTokenType.EndArray, out var pos))
        {
            return JsonTokenType.EndArray;
        }

        _pos = pos;
        return NextValue();
    }

    public void SkipValue()
    {
        var pos = JsonScanner.SkipWhiteSpace(_json, _pos);
        var next = JsonScanner.At(_json, pos);
        if (next is not ((byte)'{' or (byte)'['))
        {
            // A scalar is one step.
            NextValue();
            return;
        }

        CheckDepth(pos);
        var close = JsonScanner.FindClose(_json, pos + 1, isObject: next == '{', _depth + 1);
        _tokenStart = close;
        _token = next == '{' ? JsonTokenType.EndObject : JsonTokenType.EndArray;
        _pos = close + 1;
    }

    public readonly bool AtEndOfBody() => JsonScanner.SkipWhiteSpace(_json, _pos) == _json.Length;

    /// <summary>
    /// After an opening bracket or a member: false past the <paramref name="close"/> bracket; else true,
    /// <paramref name="pos"/> at the next member's first byte (after a ',', which may not follow '{' or '[').
    /// </summary>
    private bool NextMember(byte close, JsonTokenType end, out int pos)
    {
        pos = JsonScanner.SkipWhiteSpace(_json, _pos);
        var next = JsonScanner.At(_json, pos);
        if (_opened)
        {
            _opened = false;
            if (next != close)
            {
                return true;
            }
        }
        else if (next == ',')
        {
            // A closing bracket after the ',' is not a member: the member's own check rejects it, as the reader rejects a trailing comma.
            pos = JsonScanner.SkipWhiteSpace(_json, pos + 1);
            return true;
        }
        else if (next != close)
        {
            JsonScanner.Throw(close == '}' ? "expected ',' or '}' after a property value" : "expected ',' or ']' after an array element", _json, pos);
        }

        Close(pos, end);
        return false;
    }

    /// <summary>Makes the string whose opening quote is at <paramref name="quote"/> the current token; returns the index past its closing quote.</summary>
    private int StringToken(int quote, JsonTokenType token)
    {
        var end = JsonScanner.SkipString(_json, quote + 1, out _escaped);
        _token = token;
        _tokenStart = quote;
        _valueStart = quote + 1;
        _valueLength = end - 1 - _valueStart;
        return end;
    }

    private void Open(int pos)
    {
        CheckDepth(pos);
        _depth++;
        _opened = true;
        _pos = pos + 1;
    }

    private void Close(int pos, JsonTokenType token)
    {
        _depth--;
        _tokenStart = pos;
        _token = token;
        _pos = pos + 1;
    }

    private readonly void CheckDepth(int pos)
    {
        if (_depth >= JsonScanner.MaxDepth)
        {
            JsonScanner.Throw($"the maximum depth of {JsonScanner.MaxDepth} is exceeded", _json, pos);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly byte[] UnescapedName() => Utf8JsonReaderCursor.Unescaped(TokenReader());

    /// <summary>A reader over just the current string token, quotes included: a whole JSON document on its own.</summary>
    private readonly Utf8JsonReader TokenReader()
    {
        var reader = new Utf8JsonReader(_json.Slice(_valueStart - 1, _valueLength + 2));
        reader.Read();
        return reader;
    }
}
