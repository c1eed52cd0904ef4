using System.Text.Json.Nodes;
using PodIdentity.Core.Patching;

namespace PodIdentity.Webhook.Preview;

/// <summary>
/// Applies our add-only patch to a JSON document, so <c>preview</c> shows the pod the API server
/// would store. Only "add" exists in our patches; anything else is a bug and throws.
/// </summary>
internal static class PodPatch
{
    public static void Apply(JsonNode document, byte[] patch)
    {
        var operations = JsonNode.Parse(patch)!.AsArray();
        foreach (var operation in operations)
        {
            if ((string?)operation!["op"] != PatchOperation.Op)
            {
                throw new InvalidOperationException($"unexpected patch operation {operation.ToJsonString()}");
            }

            Add(document, (string)operation["path"]!, operation["value"]!.DeepClone());
        }
    }

    private static void Add(JsonNode document, string path, JsonNode value)
    {
        var tokens = path.Split('/')[1..].Select(Unescape).ToArray();
        var parent = document;
        foreach (var token in tokens[..^1])
        {
            parent = parent is JsonArray array ? array[int.Parse(token, System.Globalization.CultureInfo.InvariantCulture)]! : parent[token]!;
        }

        var last = tokens[^1];
        switch (parent)
        {
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array:
                array.Insert(int.Parse(last, System.Globalization.CultureInfo.InvariantCulture), value);
                break;
            case JsonObject obj:
                obj[last] = value;
                break;
            default:
                throw new InvalidOperationException($"patch path {path} does not address an object or array");
        }
    }

    private static string Unescape(string token) => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}
