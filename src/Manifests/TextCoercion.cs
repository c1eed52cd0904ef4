using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;

namespace PodIdentity.Manifests;

/// <summary>
/// Gives text-typed model fields the text a plain scalar was written as, when the YAML core schema made
/// it a number or a boolean: annotation "3600" unquoted, env value 0123, quantity 1e3. KubernetesClient's
/// YAML reader bound scalars by the target type and accepted these; KubernetesJson alone would reject
/// a number for a string, and would turn quantity 1e3 into 1k.
/// </summary>
internal static class TextCoercion
{
    public static void Apply(JsonNode node, ModelShape? shape, ParsedDocument source)
    {
        if (shape is null)
        {
            return;
        }

        switch (node)
        {
            case JsonObject mapping:
                foreach (var key in mapping.Select(p => p.Key).ToList())
                {
                    if (mapping[key] is { } child)
                    {
                        var replacement = Visit(child, shape.Member(key), source);
                        if (replacement is not null)
                        {
                            mapping[key] = replacement;
                        }
                    }
                }

                break;
            case JsonArray sequence:
                var item = shape.Item;
                for (var i = 0; i < sequence.Count; i++)
                {
                    if (sequence[i] is { } child && Visit(child, item, source) is { } replacement)
                    {
                        sequence[i] = replacement;
                    }
                }

                break;
        }
    }

    /// <summary>A text node to put in place of <paramref name="node"/>, or null to keep it (after coercing inside it).</summary>
    private static JsonValue? Visit(JsonNode node, ModelShape? shape, ParsedDocument source)
    {
        if (node is not JsonValue value)
        {
            Apply(node, shape, source);
            return null;
        }

        if (shape is null || !WantsText(shape.ScalarType)
            || value.GetValueKind() is not (JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            || !source.TryGetPlainText(value, out var text))
        {
            return null;
        }

        var replacement = JsonValue.Create(text);
        source.Replace(value, replacement);
        return replacement;
    }

    private static bool WantsText(Type type) => type == typeof(string) || type == typeof(ResourceQuantity) || type == typeof(byte[]);
}
