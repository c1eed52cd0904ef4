using System.Text.Json;

namespace PodIdentity.Core.Patching;

/// <summary>
/// A JSON Pointer and what the patch writer writes for an operation up to its value:
/// <c>{"op":"add","path":"…","value":</c> in UTF-8, the path escaped as Utf8JsonWriter escapes it.
/// </summary>
public sealed class PatchPath
{
    private PatchPath(string text)
    {
        Text = text;
        var start = new MemoryStream(text.Length + 32);
        using (var writer = new Utf8JsonWriter(start))
        {
            writer.WriteStartObject();
            writer.WriteString("op", PatchOperation.Op);
            writer.WriteString("path", text);
            writer.WritePropertyName("value");
            writer.WriteNullValue();
        }

        // Everything before the placeholder value (the object is left open).
        OperationStart = start.ToArray()[..^"null".Length];
    }

    public string Text { get; }

    public byte[] OperationStart { get; }

    public static PatchPath Of(string text) => new(text);

    public override string ToString() => Text;
}
