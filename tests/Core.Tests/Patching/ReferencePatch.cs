using System.Buffers;
using System.Text;
using System.Text.Json;
using PodIdentity.Core.Patching;

namespace PodIdentity.Core.Tests.Patching;

/// <summary>
/// The patch as Utf8JsonWriter writes it, operation by operation, from each operation's path text and value:
/// what <see cref="JsonPatchWriter"/> must produce from its ready bytes.
/// </summary>
internal static class ReferencePatch
{
    public static string Write(IReadOnlyList<PatchOperation> operations)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartArray();
            foreach (var operation in operations)
            {
                writer.WriteStartObject();
                writer.WriteString("op", PatchOperation.Op);
                writer.WriteString("path", operation.Path.Text);
                writer.WritePropertyName("value");
                if (operation.CreatesArray)
                {
                    writer.WriteStartArray();
                }

                writer.WriteRawValue(operation.Value);
                if (operation.CreatesArray)
                {
                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
