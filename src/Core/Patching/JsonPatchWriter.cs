using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PodIdentity.Core.Patching;

/// <summary>
/// Writes patch operations as a JSON array of UTF-8 bytes with source-generated serializers.
/// Most of a patch is known bytes: a provider's fixed values come encoded (<see cref="PatchOperation.Json"/>),
/// so does the start of an operation on a common path (<see cref="PatchPaths"/>), and the same value object
/// comes once per container. So the writer lays out the operations itself and copies those bytes; a value
/// not encoded ahead is serialized the first time it comes in a patch and copied after that.
/// The bytes are those of Utf8JsonWriter with default options writing every operation and value on its own
/// (RecordedPatchTests and JsonPatchWriterTests hold it to that).
/// </summary>
public static class JsonPatchWriter
{
    [ThreadStatic]
    private static PatchBuffer? buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? writer;

    [ThreadStatic]
    private static PatchValueMemo? memo;

    /// <summary>Writes into a per-thread buffer and copies out once: a review allocates only the result.</summary>
    public static byte[] ToUtf8(IReadOnlyList<PatchOperation> operations)
    {
        var output = buffer ??= new PatchBuffer(4096);
        output.Clear();
        var json = writer ??= new Utf8JsonWriter(output);
        var values = memo ??= new PatchValueMemo();
        try
        {
            Write(output, json, AsSpan(operations), values);
        }
        finally
        {
            values.Clear();
        }

        var result = output.Written.ToArray();
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

    /// <remarks>The memo keeps offsets into <paramref name="output"/>, which must start empty.</remarks>
    private static void Write(PatchBuffer output, Utf8JsonWriter json, ReadOnlySpan<PatchOperation> operations, PatchValueMemo values)
    {
        output.Append((byte)'[');
        for (var i = 0; i < operations.Length; i++)
        {
            ref readonly var operation = ref operations[i];
            if (i > 0)
            {
                output.Append((byte)',');
            }

            if (operation.OperationStart is { } start)
            {
                output.Append(start);
            }
            else
            {
                // What Utf8JsonWriter writes for WriteStartObject, WriteString("op", "add"), WriteString("path", …) and WritePropertyName("value").
                output.Append("{\"op\":\"add\",\"path\":"u8);
                json.Reset(output);
                json.WriteStringValue(operation.Path);
                json.Flush();
                output.Append(",\"value\":"u8);
            }

            if (operation.CreatesArray)
            {
                output.Append((byte)'[');
                WriteValue(output, json, operation, values);
                output.Append((byte)']');
            }
            else
            {
                WriteValue(output, json, operation, values);
            }

            output.Append((byte)'}');
        }

        output.Append((byte)']');
    }

    private static void WriteValue(PatchBuffer output, Utf8JsonWriter json, in PatchOperation operation, PatchValueMemo values)
    {
        if (operation.Json is { } encoded)
        {
            output.Append(encoded);
            return;
        }

        if (values.TryFind(operation.Value, operation.ValueType, out var start, out var length))
        {
            output.AppendWritten(start, length);
            return;
        }

        var first = output.Count;
        json.Reset(output);
        JsonSerializer.Serialize(json, operation.Value, operation.ValueType);
        json.Flush();
        values.Add(operation.Value, operation.ValueType, first, output.Count - first);
    }
}
