using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace PodIdentity.Core.Admission;

/// <summary>The reader's steps over tokens, and its errors: worded like the serializer's, with the JSON path.</summary>
internal ref partial struct AdmissionReviewReader
{
    /// <summary>Characters that make a path write a property name as <c>['name']</c>, as System.Text.Json does.</summary>
    private static readonly SearchValues<char> PathSpecial = SearchValues.Create(". '\"[]()\\");

    /// <summary>In an object: onto the next property name (true), or onto its closing brace (false).</summary>
    private bool NextProperty()
    {
        // The reader checks the structure: after '{' or a value comes a property name or '}'.
        _reader.Read();
        return _reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>In an array: onto the next element, or onto its closing bracket (<see cref="JsonTokenType.EndArray"/>).</summary>
    private JsonTokenType NextElement()
    {
        _reader.Read();
        return _reader.TokenType;
    }

    /// <summary>The current property name, unescaped; a copy only when it was escaped.</summary>
    private ReadOnlySpan<byte> PropertyName() => _reader.ValueIsEscaped ? Unescaped() : _reader.ValueSpan;

    /// <summary>Escapes in names are rare: only they cost an allocation.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private byte[] Unescaped()
    {
        var buffer = new byte[_reader.ValueSpan.Length];
        var length = _reader.CopyString(buffer);
        return buffer[..length];
    }

    /// <summary>On a property name: moves to its value, a string or null.</summary>
    private string? ReadString()
    {
        _reader.Read();
        return _reader.TokenType switch
        {
            JsonTokenType.String => _reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw Unexpected("a string or null"),
        };
    }

    /// <summary><see cref="ReadString()"/> that returns <paramref name="usual"/> rather than a new string when the value is <paramref name="usualUtf8"/>.</summary>
    private string? ReadString(ReadOnlySpan<byte> usualUtf8, string usual)
    {
        _reader.Read();
        return _reader.TokenType switch
        {
            JsonTokenType.String when !_reader.ValueIsEscaped && _reader.ValueSpan.SequenceEqual(usualUtf8) => usual,
            JsonTokenType.String => _reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw Unexpected("a string or null"),
        };
    }

    /// <summary>On a property name: moves to its value, true, false or null.</summary>
    private bool? ReadBoolean()
    {
        _reader.Read();
        return _reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Null => null,
            _ => throw Unexpected("true, false or null"),
        };
    }

    /// <summary>On a property name: moves to its value; true on an object, false on null.</summary>
    private bool StartObject()
    {
        _reader.Read();
        return _reader.TokenType switch
        {
            JsonTokenType.StartObject => true,
            JsonTokenType.Null => false,
            _ => throw Unexpected("an object or null"),
        };
    }

    /// <summary>On a property name: moves to its value; true on an array, false on null.</summary>
    private bool StartArray()
    {
        _reader.Read();
        return _reader.TokenType switch
        {
            JsonTokenType.StartArray => true,
            JsonTokenType.Null => false,
            _ => throw Unexpected("an array or null"),
        };
    }

    private JsonException Unexpected(string expected) =>
        Error($"expected {expected}, found {Describe(_reader.TokenType)}");

    private JsonException Error(string problem, Exception? inner = null) =>
        Error(_json, _base + (int)_reader.TokenStartIndex, problem, inner);

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>An error at the token starting at <paramref name="at"/>, worded like the serializer's: path, line and byte position.</summary>
    internal static JsonException Error(ReadOnlySpan<byte> json, int at, string problem, Exception? inner)
    {
        var line = 0;
        var lineStart = 0;
        var newline = json[..at].LastIndexOf((byte)'\n');
        if (newline >= 0)
        {
            line = json[..newline].Count((byte)'\n') + 1;
            lineStart = newline + 1;
        }

        var path = PathAt(json, at);
        return new JsonException(
            $"{problem}. Path: {path} | LineNumber: {line} | BytePositionInLine: {at - lineStart}.",
            path, line, at - lineStart, inner);
    }

    /// <summary>
    /// The JSON path (<c>$.request.object.spec.containers[1].env</c>) of the token starting at
    /// <paramref name="offset"/>. Only errors pay for it: the body is read again up to there.
    /// </summary>
    internal static string PathAt(ReadOnlySpan<byte> json, long offset)
    {
        var frames = new List<(bool IsArray, int Index, string? Name)>();
        var reader = new Utf8JsonReader(json, isFinalBlock: true, state: default);
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (token == JsonTokenType.PropertyName)
                {
                    frames[^1] = (false, 0, NameOf(ref reader));
                    if (reader.TokenStartIndex >= offset)
                    {
                        break;
                    }

                    continue;
                }

                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    frames.RemoveAt(frames.Count - 1);
                    continue;
                }

                if (frames.Count > 0 && frames[^1].IsArray)
                {
                    frames[^1] = (true, frames[^1].Index + 1, null);
                }

                if (reader.TokenStartIndex >= offset)
                {
                    break;
                }

                if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    frames.Add((token == JsonTokenType.StartArray, -1, null));
                }
            }
        }
        catch (JsonException)
        {
            // Unreadable further on: the path so far is the best there is.
        }

        var path = new StringBuilder("$");
        foreach (var (isArray, index, name) in frames)
        {
            if (isArray)
            {
                path.Append('[').Append(index).Append(']');
            }
            else if (name is null)
            {
            }
            else if (!name.AsSpan().ContainsAny(PathSpecial) && !name.AsSpan().ContainsAnyInRange('\0', '\u001f'))
            {
                path.Append('.').Append(name);
            }
            else
            {
                path.Append("['").Append(name.Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
            }
        }

        return path.ToString();
    }

    private static string NameOf(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Encoding.UTF8.GetString(reader.ValueSpan);
        }
    }
}
