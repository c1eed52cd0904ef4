using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PodIdentity.Manifests;

/// <summary>
/// Writes JSON as block-style YAML through YamlDotNet's <see cref="Emitter"/>, in the format
/// KubernetesClient's KubernetesYaml.Serialize produced (same emitter, same settings, same quoting
/// decisions), so preview output and golden files do not change with the move to the AOT client.
/// </summary>
internal static partial class YamlWriter
{
    private static readonly string[] LeadingProperties = ["apiVersion", "kind", "metadata"];

    /// <summary>Line breaks other than \n, which a YAML reader turns into \n unless escaped.</summary>
    private static readonly System.Buffers.SearchValues<char> OtherLineBreaks = System.Buffers.SearchValues.Create("\r\u0085\u2028\u2029");

    public static string Write(JsonNode? root, ModelShape? shape)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        WriteNode(emitter, root, shape);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void WriteNode(Emitter emitter, JsonNode? node, ModelShape? shape)
    {
        switch (node)
        {
            case null:
                emitter.Emit(Plain("null"));
                break;
            case JsonObject mapping:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, MappingStyle.Any));
                foreach (var (key, value) in Ordered(mapping, shape))
                {
                    WriteString(emitter, key);
                    WriteNode(emitter, value, shape?.Member(key));
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray sequence:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, SequenceStyle.Any));
                var item = shape?.Item;
                foreach (var value in sequence)
                {
                    WriteNode(emitter, value, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value:
                WriteValue(emitter, value, shape?.ScalarType);
                break;
        }
    }

    /// <summary>KubernetesClient wrote apiVersion, kind and metadata first in every model object; maps keep their order.</summary>
    private static IEnumerable<KeyValuePair<string, JsonNode?>> Ordered(JsonObject mapping, ModelShape? shape)
    {
        if (shape is not { IsObject: true })
        {
            return mapping;
        }

        var leading = LeadingProperties.Where(mapping.ContainsKey).Select(name => new KeyValuePair<string, JsonNode?>(name, mapping[name]));
        return leading.Concat(mapping.Where(p => !LeadingProperties.Contains(p.Key)));
    }

    private static void WriteValue(Emitter emitter, JsonValue value, Type? type)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                var text = value.GetValue<string>();
                if (type == typeof(ResourceQuantity) || type == typeof(IntOrString))
                {
                    // Written as they come: cpu: 1, memory: 1Gi, port: http.
                    emitter.Emit(Scalar(text, ScalarStyle.Any));
                }
                else if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
                {
                    emitter.Emit(Scalar(Timestamp(text), ScalarStyle.DoubleQuoted));
                }
                else
                {
                    WriteString(emitter, text);
                }

                break;
            case JsonValueKind.Number when type == typeof(double) || type == typeof(float):
                // A float keeps a decimal point: 1.0, not 1.
                emitter.Emit(Plain(value.GetValue<double>().ToString("0.0######################", CultureInfo.InvariantCulture)));
                break;
            case JsonValueKind.True:
                emitter.Emit(Plain("true"));
                break;
            case JsonValueKind.False:
                emitter.Emit(Plain("false"));
                break;
            default:
                emitter.Emit(Plain(value.ToJsonString()));
                break;
        }
    }

    /// <summary>
    /// Quoted when it would read back as something else (null, a boolean, a number, or a YAML 1.1
    /// yes/no/on/off) or holds a line break other than \n, as a literal block when it spans lines,
    /// else plain when YAML allows it (the emitter falls back to quotes when it does not).
    /// </summary>
    private static void WriteString(Emitter emitter, string text)
    {
        var style = ReadsAsOtherType(text) ? ScalarStyle.DoubleQuoted
            // YAML reads \r, \r\n, NEL and the Unicode separators outside escapes as \n; only double-quote escapes keep them.
            : text.AsSpan().IndexOfAny(OtherLineBreaks) >= 0 ? ScalarStyle.DoubleQuoted
            : text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : ScalarStyle.Any;
        emitter.Emit(Scalar(text, style));
    }

    /// <summary>KubernetesClient's StringQuotingEmitter pattern, plus what the core schema would type (0x1F, +1, .inf).</summary>
    internal static bool ReadsAsOtherType(string text) =>
        KubernetesClientQuotedPattern().IsMatch(text) || CoreSchema.Classify(text) != CoreSchema.Kind.String;

    /// <summary>KubernetesClient wrote timestamps with trailing zero fractions dropped: 05.123Z, not 05.123000Z.</summary>
    private static string Timestamp(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0 || !text.EndsWith('Z'))
        {
            return text;
        }

        var fraction = text[(dot + 1)..^1].TrimEnd('0');
        return fraction.Length == 0 ? text[..dot] + "Z" : $"{text[..dot]}.{fraction}Z";
    }

    private static Scalar Plain(string text) => Scalar(text, ScalarStyle.Plain);

    private static Scalar Scalar(string text, ScalarStyle style) =>
        new(AnchorName.Empty, TagName.Empty, text, style, isPlainImplicit: true, isQuotedImplicit: true);

    [GeneratedRegex(@"^(\~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|on|On|ON|n|N|no|No|NO|off|Off|OFF|-?(0|[0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex KubernetesClientQuotedPattern();
}
