using System.Buffers;
using System.Text.Json;

namespace PodIdentity.Core.Patching;

/// <summary>Writes patch operations as a JSON array of UTF-8 bytes with source-generated serializers.</summary>
public static class JsonPatchWriter
{
    private static readonly JsonEncodedText OpName = JsonEncodedText.Encode("op");
    private static readonly JsonEncodedText PathName = JsonEncodedText.Encode("path");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText AddValue = JsonEncodedText.Encode(PatchOperation.Op);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? writer;

    /// <summary>Writes into a per-thread buffer and copies out once: a review allocates only the result.</summary>
    public static byte[] ToUtf8(IReadOnlyList<PatchOperation> operations)
    {
        var output = buffer ??= new ArrayBufferWriter<byte>(4096);
        output.ResetWrittenCount();
        var json = writer ??= new Utf8JsonWriter(output);
        json.Reset(output);
        Write(json, operations);
        json.Flush();
        var result = output.WrittenSpan.ToArray();
        if (output.Capacity > 64 * 1024)
        {
            // One huge pod must not pin a huge buffer to the thread for ever.
            buffer = null;
            writer = null;
        }

        return result;
    }

    public static void Write(Utf8JsonWriter writer, IReadOnlyList<PatchOperation> operations)
    {
        writer.WriteStartArray();
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i];
            writer.WriteStartObject();
            writer.WriteString(OpName, AddValue);
            writer.WriteString(PathName, operation.Path);
            writer.WritePropertyName(ValueName);
            JsonSerializer.Serialize(writer, operation.Value, operation.ValueType);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
