using System.Text.Json.Nodes;
using YamlDotNet.Core;

namespace PodIdentity.Manifests;

/// <summary>
/// One YAML document as JSON, with where each node started in the text (so that an error found later,
/// a value the Kubernetes model rejects, can still be reported by line and column) and the written
/// text of plain scalars that became numbers or booleans (so a text field can get "0123", not 123).
/// </summary>
internal sealed class ParsedDocument(JsonNode root, Mark start, Dictionary<JsonNode, Mark> marks, Dictionary<JsonNode, string> plainText)
{
    public JsonNode Root { get; } = root;

    public Mark Start { get; } = start;

    /// <summary>The text a number or boolean node was written as.</summary>
    public bool TryGetPlainText(JsonNode node, out string text) => plainText.TryGetValue(node, out text!);

    /// <summary>Records that <paramref name="replacement"/> stands where <paramref name="original"/> was written.</summary>
    public void Replace(JsonNode original, JsonNode replacement)
    {
        if (marks.TryGetValue(original, out var mark))
        {
            marks[replacement] = mark;
        }
    }

    /// <summary>The start of the YAML node the JSON path (as System.Text.Json reports it) leads to, or of its nearest ancestor.</summary>
    public Mark Locate(string? path)
    {
        var node = Root;
        var best = marks.TryGetValue(node, out var rootMark) ? rootMark : Start;
        foreach (var step in JsonPath.Steps(path))
        {
            var next = step switch
            {
                string name when node is JsonObject obj => obj[name],
                int index when node is JsonArray array && index < array.Count => array[index],
                _ => null,
            };
            if (next is null)
            {
                break;
            }

            node = next;
            if (marks.TryGetValue(node, out var mark))
            {
                best = mark;
            }
        }

        return best;
    }
}
