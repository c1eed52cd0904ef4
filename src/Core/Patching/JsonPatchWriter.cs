using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PodIdentity.Core.Patching;

/// <summary>
/// Writes patch operations as a JSON array of UTF-8 bytes with source-generated serializers.
/// The same value object usually comes once per container (one mount, a plan's env variables), so each
/// distinct value is serialized once per patch and its bytes copied for the repeats; values encoded
/// ahead by their provider (<see cref="PatchOperation.Json"/>) are only copied. The bytes are the same
/// as serializing every value on its own.
/// </summary>
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

    [ThreadStatic]
    private static PatchValueMemo? memo;

    /// <summary>Writes into a per-thread buffer and copies out once: a review allocates only the result.</summary>
    public static byte[] ToUtf8(IReadOnlyList<PatchOperation> operations)
    {
        var output = buffer ??= new ArrayBufferWriter<byte>(4096);
        output.ResetWrittenCount();
        var json = writer ??= new Utf8JsonWriter(output);
        json.Reset(output);
        var values = memo ??= new PatchValueMemo();
        try
        {
            Write(json, output, AsSpan(operations), values);
        }
        finally
        {
            values.Clear();
        }

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

    /// <summary>One value as <see cref="ToUtf8"/> writes it, for values encoded ahead (<see cref="EncodedList{T}"/>).</summary>
    internal static byte[] Encode<T>(T value, JsonTypeInfo<T> type)
    {
        // The writer's own options decide escaping, so encode with the same default options as ToUtf8.
        var output = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(output))
        {
            JsonSerializer.Serialize(json, value, type);
        }

        return output.WrittenSpan.ToArray();
    }

    private static ReadOnlySpan<PatchOperation> AsSpan(IReadOnlyList<PatchOperation> operations) => operations switch
    {
        List<PatchOperation> list => CollectionsMarshal.AsSpan(list),
        PatchOperation[] array => array,
        _ => operations.ToArray(),
    };

    /// <remarks><paramref name="json"/> must write into <paramref name="output"/> from its start: the memo keeps offsets into it.</remarks>
    private static void Write(Utf8JsonWriter json, ArrayBufferWriter<byte> output, ReadOnlySpan<PatchOperation> operations, PatchValueMemo values)
    {
        json.WriteStartArray();
        foreach (ref readonly var operation in operations)
        {
            json.WriteStartObject();
            json.WriteString(OpName, AddValue);
            json.WriteString(PathName, operation.Path);
            json.WritePropertyName(ValueName);
            if (operation.CreatesArray)
            {
                json.WriteStartArray();
                WriteValue(json, output, operation, values);
                json.WriteEndArray();
            }
            else
            {
                WriteValue(json, output, operation, values);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter json, ArrayBufferWriter<byte> output, in PatchOperation operation, PatchValueMemo values)
    {
        if (operation.Json is { } encoded)
        {
            json.WriteRawValue(encoded, skipInputValidation: true);
            return;
        }

        if (values.TryFind(operation.Value, operation.ValueType, out var start, out var length))
        {
            // Should the buffer grow while this is copied, the span still points into the old array, which keeps these bytes.
            json.WriteRawValue(output.WrittenSpan.Slice(start, length), skipInputValidation: true);
            return;
        }

        // Offsets in the output: the writer was reset onto it, so what it has written starts at 0.
        var first = json.BytesCommitted + json.BytesPending;
        JsonSerializer.Serialize(json, operation.Value, operation.ValueType);
        json.Flush();
        values.Add(operation.Value, operation.ValueType, checked((int)first), checked((int)(json.BytesCommitted - first)));
    }
}
