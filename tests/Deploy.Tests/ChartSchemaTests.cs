using System.Text.Json;
using System.Text.Json.Nodes;
using PodIdentity.Deploy.Tests.Support;
using Xunit;

namespace PodIdentity.Deploy.Tests;

/// <summary>
/// values.schema.json as Helm itself applies it: <c>helm lint --strict</c> on the defaults and the good
/// values files, <c>helm template</c> (what install runs) on values files it must reject.
/// </summary>
public class ChartSchemaTests
{
    private static readonly JsonObject Schema = (JsonObject)JsonNode.Parse(File.ReadAllText(Repo.ChartFile("values.schema.json")))!;

    public static TheoryData<string> BadFiles => Fixtures.ValuesFiles("bad");
    public static TheoryData<string> GoodFiles => Fixtures.ValuesFiles("good");

    [Fact]
    public void Schema_is_draft_07_and_closed_at_the_top()
    {
        Assert.Equal("http://json-schema.org/draft-07/schema#", (string)Schema["$schema"]!);
        Assert.Equal(JsonValueKind.False, Schema["additionalProperties"]!.GetValueKind());
    }

    [Fact]
    public void Default_values_pass_helm_lint_strict()
    {
        var lint = Helm.Lint();
        Assert.True(lint.Succeeded, lint.Stdout + lint.Stderr);
        Assert.DoesNotContain("[WARNING]", lint.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("[ERROR]", lint.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(GoodFiles))]
    public void Good_values_pass_helm_lint_strict_and_render(string file)
    {
        var lint = Helm.Lint("-f", file);
        Assert.True(lint.Succeeded, lint.Stdout + lint.Stderr);
        Assert.DoesNotContain("[ERROR]", lint.Stdout, StringComparison.Ordinal);
        Assert.NotEmpty(Helm.Template("-f", file));
    }

    /// <summary>
    /// The first line of each bad file says which value is wrong ("# expect: /json/pointer"); Helm's message
    /// must name it, as a schema location or, for rules the template checks, as the dotted value name.
    /// </summary>
    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_values_are_rejected_by_helm_naming_the_value(string file)
    {
        var text = File.ReadAllText(file);
        var expect = text.Split('\n')[0].Replace("# expect:", "", StringComparison.Ordinal).Trim();
        Assert.StartsWith("/", expect, StringComparison.Ordinal);

        var result = Helm.TryTemplate("-f", file);
        Assert.False(result.Succeeded, $"helm template accepted {Path.GetFileName(file)}");
        var parent = expect[..expect.LastIndexOf('/')];
        var leaf = expect[(expect.LastIndexOf('/') + 1)..];
        var dotted = expect.TrimStart('/').Replace('/', '.');
        Assert.True(
            result.Stderr.Contains($"at '{expect}'", StringComparison.Ordinal)
            || result.Stderr.Contains($"at '{expect}/", StringComparison.Ordinal)
            || (result.Stderr.Contains($"at '{parent}': ", StringComparison.Ordinal) && result.Stderr.Contains($"'{leaf}'", StringComparison.Ordinal))
            || result.Stderr.Contains(dotted, StringComparison.Ordinal),
            $"helm's error does not name {expect}:\n{result.Stderr}");
    }

    [Fact]
    public void Every_value_is_declared_in_the_schema_with_a_type()
    {
        var missing = new List<string>();
        Walk(Repo.Values, Schema, "", missing);
        Assert.True(missing.Count == 0, "values without a schema entry:\n" + string.Join("\n", missing));
    }

    private static JsonObject Resolve(JsonObject schema)
    {
        while (schema["$ref"] is { } reference)
        {
            var path = ((string)reference!).TrimStart('#', '/').Split('/');
            schema = (JsonObject)path.Aggregate<string, JsonNode?>(Schema, (n, part) => n?[part])!;
        }

        return schema;
    }

    private static void Walk(JsonNode? value, JsonObject schema, string path, List<string> missing)
    {
        schema = Resolve(schema);
        if (!schema.ContainsKey("type") && !schema.ContainsKey("oneOf"))
        {
            missing.Add($"{path}: no type");
        }

        if (value is not JsonObject obj)
        {
            return;
        }

        foreach (var (key, child) in obj)
        {
            var sub = schema["properties"]?[key] as JsonObject ?? schema["additionalProperties"] as JsonObject;
            if (sub is null)
            {
                missing.Add($"{path}/{key}");
                continue;
            }

            Walk(child, sub, $"{path}/{key}", missing);
        }
    }
}
