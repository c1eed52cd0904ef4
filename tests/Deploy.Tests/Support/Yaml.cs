using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PodIdentity.Deploy.Tests.Support;

/// <summary>YAML to System.Text.Json nodes, resolving plain scalars the way Helm's YAML 1.1 reader does.</summary>
internal static partial class Yaml
{
    public static List<JsonNode?> ParseAll(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        // Empty documents (a leading or trailing ---) carry nothing.
        return stream.Documents.Where(d => d.RootNode is not YamlScalarNode { Value: null or "" })
            .Select(d => Convert(d.RootNode))
            .ToList();
    }

    /// <summary>Every document of a rendered manifest stream, each a Kubernetes object.</summary>
    public static List<JsonObject> Objects(string text) =>
        ParseAll(text).Select(n => n as JsonObject ?? throw new InvalidOperationException($"not an object: {n}")).ToList();

    public static JsonNode? ParseSingle(string text)
    {
        var all = ParseAll(text);
        return all.Count == 1 ? all[0] : throw new InvalidOperationException($"expected one YAML document, found {all.Count}");
    }

    public static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => ConvertMap(map),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static JsonObject ConvertMap(YamlMappingNode map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (obj.ContainsKey(name))
            {
                throw new InvalidOperationException($"duplicate key '{name}' at {key.Start}");
            }

            obj[name] = Convert(value);
        }

        return obj;
    }

    private static JsonValue? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF":
                return JsonValue.Create(false);
        }

        if (OctalPattern().IsMatch(text))
        {
            // YAML 1.1 (Helm's and Kubernetes' reader): 0440 is octal, as in a volume's defaultMode.
            return JsonValue.Create(JsonSerializer.SerializeToElement(System.Convert.ToInt64(text, 8)));
        }

        if (IntPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            // Backed by a JsonElement so (int), (long) and (double) casts all work.
            return JsonValue.Create(JsonSerializer.SerializeToElement(l));
        }

        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return JsonValue.Create(JsonSerializer.SerializeToElement(d));
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex("^0[0-7]+$")]
    private static partial Regex OctalPattern();

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
