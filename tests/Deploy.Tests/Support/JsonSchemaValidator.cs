using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PodIdentity.Deploy.Tests.Support;

/// <summary>
/// A strict JSON Schema draft-07 validator for the keywords values.schema.json uses. Any other keyword
/// throws, so the schema cannot grow a rule that these tests would silently ignore.
/// </summary>
internal sealed class JsonSchemaValidator
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "$comment", "title", "description", "default", "examples", "definitions"];

    private static readonly HashSet<string> Assertions =
    [
        "type", "properties", "additionalProperties", "required", "enum", "const", "minimum", "maximum",
        "minLength", "maxLength", "pattern", "items", "uniqueItems", "oneOf", "anyOf", "allOf", "if", "then", "else", "$ref",
    ];

    private readonly JsonElement _root;

    public JsonSchemaValidator(JsonElement root)
    {
        _root = root;
        CheckKeywords(root, "#");
    }

    /// <summary>Errors as "instance path: message"; empty when valid.</summary>
    public List<string> Validate(JsonNode? instance)
    {
        var errors = new List<string>();
        var element = JsonSerializer.SerializeToElement(instance);
        Validate(_root, element, "", errors);
        return errors;
    }

    /// <summary>The schema node that applies to an object's property (following $ref), or null.</summary>
    public JsonElement? PropertySchema(JsonElement schema, string name)
    {
        schema = Resolve(schema);
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var props) && props.TryGetProperty(name, out var sub))
        {
            return Resolve(sub);
        }

        return schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("additionalProperties", out var ap) && ap.ValueKind == JsonValueKind.Object
            ? Resolve(ap)
            : null;
    }

    public JsonElement Root => _root;

    public JsonElement Resolve(JsonElement schema)
    {
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var r))
        {
            var reference = r.GetString()!;
            if (!reference.StartsWith("#/", StringComparison.Ordinal))
            {
                throw new NotSupportedException($"$ref {reference}: only local references");
            }

            var node = _root;
            foreach (var part in reference[2..].Split('/'))
            {
                node = node.GetProperty(part.Replace("~1", "/").Replace("~0", "~"));
            }

            schema = node;
        }

        return schema;
    }

    private static void CheckKeywords(JsonElement schema, string at)
    {
        if (schema.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return;
        }

        foreach (var p in schema.EnumerateObject())
        {
            if (!Annotations.Contains(p.Name) && !Assertions.Contains(p.Name))
            {
                throw new NotSupportedException($"{at}: keyword '{p.Name}' is not supported by the test validator");
            }

            switch (p.Name)
            {
                case "properties" or "definitions":
                    foreach (var sub in p.Value.EnumerateObject())
                    {
                        CheckKeywords(sub.Value, $"{at}/{p.Name}/{sub.Name}");
                    }

                    break;
                case "additionalProperties" or "items" or "if" or "then" or "else":
                    CheckKeywords(p.Value, $"{at}/{p.Name}");
                    break;
                case "oneOf" or "anyOf" or "allOf":
                    var i = 0;
                    foreach (var sub in p.Value.EnumerateArray())
                    {
                        CheckKeywords(sub, $"{at}/{p.Name}/{i++}");
                    }

                    break;
            }
        }
    }

    private void Validate(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{path}: not allowed");
            return;
        }

        if (schema.TryGetProperty("$ref", out _))
        {
            Validate(Resolve(schema), value, path, errors);
        }

        if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            if (!types.Any(t => IsType(value, t)))
            {
                errors.Add($"{path}: expected {string.Join(" or ", types)}, got {value.ValueKind}");
                return;
            }
        }

        if (schema.TryGetProperty("enum", out var en) && !en.EnumerateArray().Any(e => JsonElement.DeepEquals(e, value)))
        {
            errors.Add($"{path}: {value} is not one of {en}");
        }

        if (schema.TryGetProperty("const", out var c) && !JsonElement.DeepEquals(c, value))
        {
            errors.Add($"{path}: must be {c}");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                var n = value.GetDouble();
                if (schema.TryGetProperty("minimum", out var min) && n < min.GetDouble())
                {
                    errors.Add($"{path}: {n} is below the minimum {min}");
                }

                if (schema.TryGetProperty("maximum", out var max) && n > max.GetDouble())
                {
                    errors.Add($"{path}: {n} is above the maximum {max}");
                }

                break;
            case JsonValueKind.String:
                var s = value.GetString()!;
                var length = s.EnumerateRunes().Count();
                if (schema.TryGetProperty("minLength", out var minLength) && length < minLength.GetInt32())
                {
                    errors.Add($"{path}: shorter than {minLength}");
                }

                if (schema.TryGetProperty("maxLength", out var maxLength) && length > maxLength.GetInt32())
                {
                    errors.Add($"{path}: longer than {maxLength}");
                }

                if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(s, pattern.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    errors.Add($"{path}: '{s}' does not match {pattern}");
                }

                break;
            case JsonValueKind.Array:
                var items = value.EnumerateArray().ToList();
                if (schema.TryGetProperty("items", out var itemSchema))
                {
                    for (var i = 0; i < items.Count; i++)
                    {
                        Validate(itemSchema, items[i], $"{path}/{i}", errors);
                    }
                }

                if (schema.TryGetProperty("uniqueItems", out var unique) && unique.GetBoolean())
                {
                    for (var i = 0; i < items.Count; i++)
                    {
                        for (var j = i + 1; j < items.Count; j++)
                        {
                            if (JsonElement.DeepEquals(items[i], items[j]))
                            {
                                errors.Add($"{path}: items {i} and {j} are equal");
                            }
                        }
                    }
                }

                break;
            case JsonValueKind.Object:
                if (schema.TryGetProperty("required", out var required))
                {
                    foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    {
                        if (!value.TryGetProperty(name, out _))
                        {
                            errors.Add($"{path}/{Escape(name)}: required");
                        }
                    }
                }

                var hasProps = schema.TryGetProperty("properties", out var props);
                var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
                foreach (var p in value.EnumerateObject())
                {
                    if (hasProps && props.TryGetProperty(p.Name, out var sub))
                    {
                        Validate(sub, p.Value, $"{path}/{Escape(p.Name)}", errors);
                    }
                    else if (hasAdditional)
                    {
                        if (additional.ValueKind == JsonValueKind.False)
                        {
                            errors.Add($"{path}/{Escape(p.Name)}: unknown key");
                        }
                        else
                        {
                            Validate(additional, p.Value, $"{path}/{Escape(p.Name)}", errors);
                        }
                    }
                }

                break;
        }

        if (schema.TryGetProperty("allOf", out var allOf))
        {
            foreach (var sub in allOf.EnumerateArray())
            {
                Validate(sub, value, path, errors);
            }
        }

        if (schema.TryGetProperty("anyOf", out var anyOf))
        {
            var branches = anyOf.EnumerateArray().Select(sub => Errors(sub, value, path)).ToList();
            if (branches.All(b => b.Count > 0))
            {
                errors.Add($"{path}: matches none of anyOf ({string.Join("; ", branches.SelectMany(b => b))})");
            }
        }

        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var passing = oneOf.EnumerateArray().Count(sub => Errors(sub, value, path).Count == 0);
            if (passing != 1)
            {
                errors.Add($"{path}: matches {passing} of oneOf, expected exactly 1");
            }
        }

        if (schema.TryGetProperty("if", out var condition))
        {
            var branch = Errors(condition, value, path).Count == 0 ? "then" : "else";
            if (schema.TryGetProperty(branch, out var then))
            {
                Validate(then, value, path, errors);
            }
        }
    }

    private List<string> Errors(JsonElement schema, JsonElement value, string path)
    {
        var errors = new List<string>();
        Validate(schema, value, path, errors);
        return errors;
    }

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static bool IsType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && Math.Floor(value.GetDouble()) == value.GetDouble(),
        _ => throw new NotSupportedException($"type {type.ToString(CultureInfo.InvariantCulture)}"),
    };
}
