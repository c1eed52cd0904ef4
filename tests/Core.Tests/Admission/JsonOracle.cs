using System.Text.Json;

namespace PodIdentity.Core.Tests.Admission;

/// <summary>What the decoder must agree with: a plain <see cref="Utf8JsonReader"/> (default options) over the whole body.</summary>
internal static class JsonOracle
{
    /// <summary>Null when the reader reads the whole body; else its error message.</summary>
    public static string? ReaderError(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
            }

            return null;
        }
        catch (JsonException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// For a body that starts with '{' or '[': the index of the matching closing bracket if the reader
    /// reads the whole body (the container and nothing but whitespace after it), else null.
    /// </summary>
    public static int? ReaderClose(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            reader.Read();
            reader.Skip();
            var close = (int)reader.TokenStartIndex;
            return reader.Read() ? null : close;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
