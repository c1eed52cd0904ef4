using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PodIdentity.Manifests;

/// <summary>
/// Turns YAML text into JSON documents at the parser-event level: no reflection, so it survives
/// trimming and Native AOT, unlike YamlDotNet's object deserializer. Plain scalars are typed by the
/// core schema, quoted and block scalars are strings, aliases are expanded, merge keys (&lt;&lt;) are
/// applied, and empty documents are skipped.
/// </summary>
internal sealed class YamlReader
{
    /// <summary>Caps the nodes a file may expand to, so a few nested aliases cannot make gigabytes ("billion laughs").</summary>
    internal const int MaxNodes = 1_000_000;

    private const string MergeTag = "tag:yaml.org,2002:merge";

    private readonly Parser _parser;
    private readonly Dictionary<string, (JsonNode? Node, int Size)> _anchors = new(StringComparer.Ordinal);
    private Dictionary<JsonNode, Mark> _marks = new(ReferenceEqualityComparer.Instance);
    private Dictionary<JsonNode, string> _plainText = new(ReferenceEqualityComparer.Instance);
    private int _nodes;

    private YamlReader(string text) => _parser = new Parser(new StringReader(text));

    /// <summary>Every non-empty document of <paramref name="text"/>.</summary>
    /// <exception cref="ManifestException">The text is not well-formed YAML.</exception>
    public static IReadOnlyList<ParsedDocument> Read(string text)
    {
        var reader = new YamlReader(text);
        try
        {
            return reader.ReadStream();
        }
        catch (YamlException e)
        {
            throw new ManifestException(e.Message.Trim(), (int)e.Start.Line, (int)e.Start.Column, e);
        }
    }

    private List<ParsedDocument> ReadStream()
    {
        var documents = new List<ParsedDocument>();
        _parser.Consume<StreamStart>();
        while (!_parser.TryConsume<StreamEnd>(out _))
        {
            var start = _parser.Consume<DocumentStart>();
            _anchors.Clear();
            _marks = new Dictionary<JsonNode, Mark>(ReferenceEqualityComparer.Instance);
            _plainText = new Dictionary<JsonNode, string>(ReferenceEqualityComparer.Instance);
            var root = ReadNode(out _);
            _parser.Consume<DocumentEnd>();
            if (root is not null)
            {
                documents.Add(new ParsedDocument(root, _marks.GetValueOrDefault(root, start.Start), _marks, _plainText));
            }
        }

        return documents;
    }

    private JsonNode? ReadNode(out int size)
    {
        var current = _parser.Current ?? throw new YamlException("unexpected end of the YAML stream");
        JsonNode? node;
        switch (current)
        {
            case AnchorAlias alias:
                _parser.MoveNext();
                if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
                {
                    throw Error(alias.Start, $"alias *{alias.Value.Value} refers to no anchor defined before it");
                }

                Count(anchored.Size, alias.Start);
                size = anchored.Size;
                var copy = anchored.Node?.DeepClone();
                if (copy is not null)
                {
                    CopyNotes(anchored.Node!, copy, alias.Start);
                }

                return copy;
            case Scalar scalar:
                _parser.MoveNext();
                Count(1, scalar.Start);
                size = 1;
                node = ScalarValue(scalar);
                if (node is JsonValue typed && typed.GetValueKind() != System.Text.Json.JsonValueKind.String)
                {
                    _plainText[node] = scalar.Value;
                }

                break;
            case SequenceStart:
                node = ReadSequence(out size);
                break;
            case MappingStart:
                node = ReadMapping(out size);
                break;
            default:
                throw Error(current.Start, $"unexpected {current.GetType().Name}");
        }

        if (node is not null)
        {
            _marks[node] = current.Start;
        }

        if (current is NodeEvent { Anchor.IsEmpty: false } anchor)
        {
            _anchors[anchor.Anchor.Value] = (node, size);
        }

        return node;
    }

    /// <summary>An alias's copy keeps the written text of its scalars; its nodes are located at the alias.</summary>
    private void CopyNotes(JsonNode original, JsonNode copy, Mark at)
    {
        _marks[copy] = at;
        if (_plainText.TryGetValue(original, out var text))
        {
            _plainText[copy] = text;
        }

        switch (original)
        {
            case JsonObject mapping:
                foreach (var (key, value) in mapping)
                {
                    if (value is not null)
                    {
                        CopyNotes(value, copy[key]!, at);
                    }
                }

                break;
            case JsonArray sequence:
                for (var i = 0; i < sequence.Count; i++)
                {
                    if (sequence[i] is { } value)
                    {
                        CopyNotes(value, copy[i]!, at);
                    }
                }

                break;
        }
    }

    private JsonArray ReadSequence(out int size)
    {
        var start = _parser.Consume<SequenceStart>();
        Count(1, start.Start);
        size = 1;
        var array = new JsonArray();
        while (!_parser.TryConsume<SequenceEnd>(out _))
        {
            array.Add(ReadNode(out var itemSize));
            size += itemSize;
        }

        return array;
    }

    private JsonObject ReadMapping(out int size)
    {
        var start = _parser.Consume<MappingStart>();
        Count(1, start.Start);
        size = 1;
        var mapping = new JsonObject();
        var merged = new List<KeyValuePair<string, JsonNode?>>();
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = _parser.Current!;
            var isMerge = keyEvent is Scalar { Value: "<<", Style: ScalarStyle.Plain } mergeKey && (mergeKey.Tag.IsEmpty || mergeKey.Tag.Value == MergeTag);
            var key = KeyText(ReadNode(out var keySize), keyEvent);
            var value = ReadNode(out var valueSize);
            size += keySize + valueSize;
            if (isMerge)
            {
                Merge(value, keyEvent.Start, merged);
            }
            else if (!mapping.TryAdd(key, value))
            {
                throw Error(keyEvent.Start, $"duplicate key \"{key}\" in a mapping");
            }
        }

        // Keys written in the mapping win over merged ones, wherever the << stands.
        foreach (var (key, value) in merged)
        {
            if (!mapping.ContainsKey(key))
            {
                mapping[key] = value;
            }
        }

        return mapping;
    }

    /// <summary>A key is text in JSON: a scalar key keeps its written text (123, true, ~); a mapping or list as key has no JSON form.</summary>
    private string KeyText(JsonNode? key, ParsingEvent keyEvent) => keyEvent switch
    {
        Scalar scalar => scalar.Value,
        AnchorAlias when key is JsonValue value => value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString(),
        AnchorAlias when key is null => "",
        _ => throw Error(keyEvent.Start, "a mapping key must be a scalar (text, number or boolean), not a mapping or a list"),
    };

    /// <summary>Collects the entries of a merge key's mapping (or list of mappings); earlier ones win.</summary>
    private void Merge(JsonNode? value, Mark at, List<KeyValuePair<string, JsonNode?>> merged)
    {
        var sources = value switch
        {
            JsonObject single => [single],
            JsonArray list when list.All(item => item is JsonObject) => list.Cast<JsonObject>().ToList(),
            _ => throw Error(at, "merge key << needs a mapping or a list of mappings"),
        };

        foreach (var source in sources)
        {
            var entries = source.ToList();
            source.Clear();
            foreach (var entry in entries)
            {
                if (!merged.Exists(m => m.Key == entry.Key))
                {
                    merged.Add(entry);
                }
            }
        }
    }

    private static JsonNode? ScalarValue(Scalar scalar)
    {
        if (!scalar.Tag.IsEmpty)
        {
            switch (scalar.Tag.Value)
            {
                case "!" or "tag:yaml.org,2002:str":
                    return JsonValue.Create(scalar.Value);
                case "tag:yaml.org,2002:null" or "tag:yaml.org,2002:bool" or "tag:yaml.org,2002:int" or "tag:yaml.org,2002:float":
                    return CoreSchema.ToJson(scalar.Value);
            }
        }

        return scalar.Style == ScalarStyle.Plain ? CoreSchema.ToJson(scalar.Value) : JsonValue.Create(scalar.Value);
    }

    private void Count(int nodes, Mark at)
    {
        _nodes += nodes;
        if (_nodes > MaxNodes)
        {
            throw Error(at, $"the document expands to more than {MaxNodes} nodes (aliases nested too deeply?)");
        }
    }

    private static ManifestException Error(Mark at, string message) => new(message, (int)at.Line, (int)at.Column);
}
