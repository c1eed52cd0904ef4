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

    public static byte[] ToUtf8(IReadOnlyList<PatchOperation> operations)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (operations.Count * 192));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, operations);
        }

        return buffer.WrittenSpan.ToArray();
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
