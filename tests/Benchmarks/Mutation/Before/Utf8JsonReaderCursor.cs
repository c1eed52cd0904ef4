using System.Text.Json;

namespace PodIdentity.Benchmarks.Before;

/// <summary>
/// <see cref="IJsonCursor"/> over <see cref="Utf8JsonReader"/>, token by token: the slow cursor, whose
/// errors (message, line and byte position) are exactly the reader's. Used again on a body the fast one rejected.
/// </summary>
internal ref struct Utf8JsonReaderCursor(ReadOnlySpan<byte> json) : IJsonCursor
{
    private Utf8JsonReader _reader = new(json, isFinalBlock: true, state: default);

    public JsonTokenType TokenType => _reader.TokenType;

    public int TokenStart => (int)_reader.TokenStartIndex;

    public ReadOnlySpan<byte> ValueSpan => _reader.ValueSpan;

    public bool ValueIsEscaped => _reader.ValueIsEscaped;

    public string GetString() => _reader.GetString()!;

    public ReadOnlySpan<byte> PropertyName() => _reader.ValueIsEscaped ? Unescaped(_reader) : _reader.ValueSpan;

    public JsonTokenType NextValue()
    {
        // With isFinalBlock, Read throws at the end of the body rather than returning false.
        _reader.Read();
        return _reader.TokenType;
    }

    public bool NextProperty()
    {
        // The reader checks the structure: after '{' or a value comes a property name or '}'.
        _reader.Read();
        return _reader.TokenType == JsonTokenType.PropertyName;
    }

    public JsonTokenType NextElement()
    {
        _reader.Read();
        return _reader.TokenType;
    }

    public void SkipValue() => _reader.Skip();

    // Anything but whitespace after the root value makes Read throw.
    public bool AtEndOfBody() => !_reader.Read();

    /// <summary>An escaped string's unescaped bytes (escapes are rare: only they cost an allocation).</summary>
    internal static byte[] Unescaped(Utf8JsonReader reader)
    {
        var buffer = new byte[reader.ValueSpan.Length];
        var length = reader.CopyString(buffer);
        return buffer[..length];
    }
}
