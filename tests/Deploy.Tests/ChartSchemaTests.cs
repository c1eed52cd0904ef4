using System.Text.Json;
using System.Text.Json.Nodes;
using PodIdentity.Deploy.Tests.Support;
using Xunit;

namespace PodIdentity.Deploy.Tests;

/// <summary>values.yaml against values.schema.json, and values files the schema must reject or accept.</summary>
public class ChartSchemaTests
{
    private static readonly Lazy<JsonSchemaValidator> Validator = new(() =>
        new JsonSchemaValidator(JsonDocument.Parse(File.ReadAllText(Repo.ChartFile("values.schema.json"))).RootElement.Clone()));

    public static TheoryData<string> BadFiles => Files("bad");
    public static TheoryData<string> GoodFiles => Files("good");

    [Fact]
    public void Schema_is_draft_07_and_closed_at_the_top()
    {
        var schema = Validator.Value.Root;
        Assert.Equal("http://json-schema.org/draft-07/schema#", schema.GetProperty("$schema").GetString());
        Assert.Equal(JsonValueKind.False, schema.GetProperty("additionalProperties").ValueKind);
    }

    [Fact]
    public void Default_values_are_valid()
    {
        var errors = Validator.Value.Validate(Repo.Values);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void Every_value_is_declared_in_the_schema_with_a_type()
    {
        var missing = new List<string>();
        Walk(Repo.Values, Validator.Value.Root, "", missing);
        Assert.True(missing.Count == 0, "values without a schema entry:\n" + string.Join("\n", missing));
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_values_are_rejected_at_the_expected_key(string file)
    {
        var text = File.ReadAllText(file);
        var expect = text.Split('\n')[0].Replace("# expect:", "", StringComparison.Ordinal).Trim();
        Assert.StartsWith("/", expect, StringComparison.Ordinal);

        var errors = Validator.Value.Validate(WithDefaults(text));
        Assert.NotEmpty(errors);
        Assert.True(
            errors.Any(e => e.StartsWith(expect + ":", StringComparison.Ordinal) || e.StartsWith(expect + "/", StringComparison.Ordinal)),
            $"no error at {expect}; got:\n{string.Join("\n", errors)}");
    }

    [Theory]
    [MemberData(nameof(GoodFiles))]
    public void Good_values_are_accepted(string file)
    {
        var errors = Validator.Value.Validate(WithDefaults(File.ReadAllText(file)));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void Validator_rejects_keywords_it_does_not_implement()
    {
        using var doc = JsonDocument.Parse("""{ "type": "object", "patternProperties": { "^x": { "type": "string" } } }""");
        Assert.Throws<NotSupportedException>(() => new JsonSchemaValidator(doc.RootElement));
    }

    /// <summary>The user's file merged over values.yaml, as Helm does before it validates.</summary>
    private static JsonObject WithDefaults(string overrides)
    {
        var merged = (JsonObject)Repo.Values.DeepClone();
        if (Yaml.ParseAll(overrides).SingleOrDefault() is JsonObject user)
        {
            Merge(merged, user);
        }

        return merged;
    }

    private static void Merge(JsonObject into, JsonObject from)
    {
        foreach (var (key, value) in from)
        {
            if (value is JsonObject child && into[key] is JsonObject existing)
            {
                Merge(existing, child);
            }
            else
            {
                into[key] = value?.DeepClone();
            }
        }
    }

    private static void Walk(JsonNode? value, JsonElement schema, string path, List<string> missing)
    {
        schema = Validator.Value.Resolve(schema);
        if (!schema.TryGetProperty("type", out _) && !schema.TryGetProperty("oneOf", out _))
        {
            missing.Add($"{path}: no type");
        }

        if (value is not JsonObject obj)
        {
            return;
        }

        foreach (var (key, child) in obj)
        {
            var sub = Validator.Value.PropertySchema(schema, key);
            if (sub is null)
            {
                missing.Add($"{path}/{key}");
                continue;
            }

            Walk(child, sub.Value, $"{path}/{key}", missing);
        }
    }

    private static TheoryData<string> Files(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repo.FixturesDir, "values", kind), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(file);
        }

        return data;
    }
}
