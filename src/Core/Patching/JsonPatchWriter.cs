using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PodIdentity.Core.Buffers;

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
    private static ByteBuffer? buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? writer;

    [ThreadStatic]
    private static PatchValueMemo? memo;

    /// <summary>Writes into a per-thread buffer and copies out once: a review allocates only the result.</summary>
    public static byte[] ToUtf8(IReadOnlyList<PatchOperation> operations)
    {
        var output = buffer ??= new ByteBuffer(4096);
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

    /// <remarks>The memo keeps offsets into <paramref name="output"/>, which must start empty.</remarks>
    private static void Write(ByteBuffer output, Utf8JsonWriter json, ReadOnlySpan<PatchOperation> operations, PatchValueMemo values)
    {
        output.Write((byte)'[');
        for (var i = 0; i < operations.Length; i++)
        {
            ref readonly var operation = ref operations[i];
            if (i > 0)
            {
                output.Write((byte)',');
            }

            if (operation.OperationStart is { } start)
            {
                output.Write(start);
            }
            else
            {
                output.Write(PatchPath.BeforePath);
                json.Reset(output);
                json.WriteStringValue(operation.Path);
                json.Flush();
                output.Write(PatchPath.BeforeValue);
            }

            if (operation.CreatesArray)
            {
                output.Write((byte)'[');
                WriteValue(output, json, operation, values);
                output.Write((byte)']');
            }
            else
            {
                WriteValue(output, json, operation, values);
            }

            output.Write((byte)'}');
        }

        output.Write((byte)']');
    }

    private static void WriteValue(ByteBuffer output, Utf8JsonWriter json, in PatchOperation operation, PatchValueMemo values)
    {
        if (operation.Json is { } encoded)
        {
            output.Write(encoded);
            return;
        }

        if (values.TryFind(operation.Value, operation.ValueType, out var start, out var length))
        {
            output.CopyWritten(start, length);
            return;
        }

        var first = output.Length;
        json.Reset(output);
        JsonSerializer.Serialize(json, operation.Value, operation.ValueType);
        json.Flush();
        values.Add(operation.Value, operation.ValueType, first, output.Length - first);
    }
}
