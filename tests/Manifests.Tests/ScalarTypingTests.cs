using System.Text.Json.Nodes;

namespace PodIdentity.Manifests.Tests;

/// <summary>Plain scalars follow the YAML 1.2 core schema; quoted and block scalars are always text.</summary>
public sealed class ScalarTypingTests
{
    [Theory]
    [InlineData("~", "null")]
    [InlineData("null", "null")]
    [InlineData("Null", "null")]
    [InlineData("NULL", "null")]
    [InlineData("", "null")]
    [InlineData("true", "true")]
    [InlineData("True", "true")]
    [InlineData("TRUE", "true")]
    [InlineData("false", "false")]
    [InlineData("FALSE", "false")]
    [InlineData("123", "123")]
    [InlineData("-17", "-17")]
    [InlineData("+5", "5")]
    [InlineData("0123", "123")]
    [InlineData("0x1F", "31")]
    [InlineData("0o17", "15")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    [InlineData("1.5", "1.5")]
    [InlineData("1e3", "1e3")]
    [InlineData("-2.5E-3", "-2.5E-3")]
    [InlineData(".5", "0.5")]
    [InlineData("+1.25", "1.25")]
    public void Plain_scalars_are_typed_by_the_core_schema(string yaml, string json)
    {
        Assert.Equal($$"""{"v":{{json}}}""", Value(yaml));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("no")]
    [InlineData("on")]
    [InlineData("off")]
    [InlineData("y")]
    [InlineData("tRUE")]
    [InlineData("0o8")]
    [InlineData("0xG")]
    [InlineData("1_000")]
    [InlineData("12:30")]
    [InlineData("2024-01-02")]
    [InlineData("1.2.3")]
    [InlineData("v1")]
    public void Other_plain_scalars_are_text(string yaml)
    {
        Assert.Equal($$"""{"v":"{{yaml}}"}""", Value(yaml));
    }

    [Theory]
    [InlineData(".inf")]
    [InlineData("-.Inf")]
    [InlineData("+.INF")]
    [InlineData(".nan")]
    [InlineData("1e999")]
    public void Floats_json_cannot_hold_stay_text(string yaml)
    {
        Assert.Equal(yaml, Document($"v: {yaml}")["v"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"true\"", "true")]
    [InlineData("'123'", "123")]
    [InlineData("\"\"", "")]
    [InlineData("'null'", "null")]
    [InlineData("!!str 8080", "8080")]
    [InlineData("! 42", "42")]
    public void Quoted_and_tagged_scalars_are_text(string yaml, string text)
    {
        Assert.Equal(text, Document($"v: {yaml}")["v"]!.GetValue<string>());
    }

    [Fact]
    public void Block_scalars_are_text()
    {
        var node = Document("""
            literal: |
              123
            folded: >-
              true
            """);

        Assert.Equal("123\n", node["literal"]!.GetValue<string>());
        Assert.Equal("true", node["folded"]!.GetValue<string>());
    }

    [Fact]
    public void Non_text_keys_become_their_written_text()
    {
        var node = Document("""
            123: a
            true: b
            ~: c
            0x10: d
            """);

        Assert.Equal(["123", "true", "~", "0x10"], node.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Json_is_read_as_yaml()
    {
        var node = Document("""{"a": [1, "2", true, null], "b": {"c": 1.5}}""");

        Assert.Equal("""{"a":[1,"2",true,null],"b":{"c":1.5}}""", node.ToJsonString());
    }

    private static string Value(string yaml) => Document($"v: {yaml}").ToJsonString();

    private static JsonNode Document(string yaml) => Assert.Single(KubernetesManifest.Parse(yaml));
}
