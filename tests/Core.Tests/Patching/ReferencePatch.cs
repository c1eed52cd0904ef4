using System.Buffers;
using System.Text;
using System.Text.Json;
using PodIdentity.Core.Patching;

namespace PodIdentity.Core.Tests.Patching;

/// <summary>
/// The patch as JsonSerializer writes it with every operation's value serialized on its own through its
/// type information: what <see cref="JsonPatchWriter"/> must produce, whatever it reuses.
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
                writer.WriteString("path", operation.Path);
                writer.WritePropertyName("value");
                if (operation.CreatesArray)
                {
                    writer.WriteStartArray();
                }

                JsonSerializer.Serialize(writer, operation.Value, operation.ValueType);
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
