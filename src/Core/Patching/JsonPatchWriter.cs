namespace PodIdentity.Core.Patching;

/// <summary>
/// Writes patch operations as one JSON array. Every operation's bytes are ready (its path's start, its value's
/// JSON), so the array is measured, allocated once and filled by copying. The bytes are those Utf8JsonWriter with
/// default options writes for the same operations (JsonPatchWriterTests holds it to that).
/// </summary>
public static class JsonPatchWriter
{
    public static byte[] ToUtf8(IReadOnlyList<PatchOperation> operations)
    {
        var length = operations.Count == 0 ? 2 : 1 + operations.Count;
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i];
            length += operation.Path.OperationStart.Length + operation.Value.Length + 1 + (operation.CreatesArray ? 2 : 0);
        }

        var result = new byte[length];
        var output = result.AsSpan();
        output[0] = (byte)'[';
        var at = 1;
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i];
            if (i > 0)
            {
                output[at++] = (byte)',';
            }

            at += Copy(operation.Path.OperationStart, output[at..]);
            if (operation.CreatesArray)
            {
                output[at++] = (byte)'[';
            }

            at += Copy(operation.Value, output[at..]);
            if (operation.CreatesArray)
            {
                output[at++] = (byte)']';
            }

            output[at++] = (byte)'}';
        }

        output[at] = (byte)']';
        return result;
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }
}
