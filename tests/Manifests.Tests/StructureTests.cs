using System.Text.Json.Nodes;

namespace PodIdentity.Manifests.Tests;

/// <summary>Documents, anchors, aliases and merge keys.</summary>
public sealed class StructureTests
{
    [Fact]
    public void Every_non_empty_document_is_returned_in_order()
    {
        var documents = KubernetesManifest.Parse("""
            ---
            # only a comment
            ---
            a: 1
            ---
            ---
            b: 2
            ...
            ---
            - c
            """);

        Assert.Equal(["""{"a":1}""", """{"b":2}""", """["c"]"""], documents.Select(d => d.ToJsonString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing here\n")]
    [InlineData("---\n---\n")]
    [InlineData("~\n")]
    public void Empty_text_has_no_documents(string yaml)
    {
        Assert.Empty(KubernetesManifest.Parse(yaml));
    }

    [Fact]
    public void Aliases_are_copies_of_their_anchors()
    {
        var node = Single("""
            base: &base
              image: busybox
              args: [a, b]
            one: *base
            two: *base
            name: &name app
            again: *name
            """);

        Assert.Equal(node["base"]!.ToJsonString(), node["one"]!.ToJsonString());
        Assert.Equal(node["base"]!.ToJsonString(), node["two"]!.ToJsonString());
        Assert.Equal("app", node["again"]!.GetValue<string>());
        node["one"]!["image"] = "changed";
        Assert.Equal("busybox", node["two"]!["image"]!.GetValue<string>());
    }

    [Fact]
    public void Merge_keys_fill_in_what_the_mapping_does_not_set()
    {
        var node = Single("""
            defaults: &defaults
              a: 1
              b: 2
            more: &more
              c: 3
              a: 9
            merged:
              b: override
              <<: [*defaults, *more]
            """);

        Assert.Equal("""{"b":"override","a":1,"c":3}""", node["merged"]!.ToJsonString());
    }

    [Fact]
    public void An_alias_without_an_earlier_anchor_is_an_error_at_its_position()
    {
        var e = Assert.Throws<ManifestException>(() => KubernetesManifest.Parse("a: 1\nb: *missing\n"));

        Assert.Equal((2, 4), (e.Line, e.Column));
        Assert.Contains("*missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Anchors_do_not_reach_into_the_next_document()
    {
        Assert.Throws<ManifestException>(() => KubernetesManifest.Parse("a: &x 1\n---\nb: *x\n"));
    }

    [Fact]
    public void Nested_aliases_cannot_expand_without_bound()
    {
        var lines = new List<string> { "l0: &l0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i <= 8; i++)
        {
            lines.Add($"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]");
        }

        var e = Assert.Throws<ManifestException>(() => KubernetesManifest.Parse(string.Join("\n", lines)));

        Assert.Contains("more than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_key_is_an_error_at_the_second_one()
    {
        var e = Assert.Throws<ManifestException>(() => KubernetesManifest.Parse("metadata:\n  name: a\n  name: b\n"));

        Assert.Equal((3, 3), (e.Line, e.Column));
        Assert.Contains("duplicate key \"name\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mapping_as_key_is_an_error()
    {
        var e = Assert.Throws<ManifestException>(() => KubernetesManifest.Parse("? {a: 1}\n: b\n"));

        Assert.Equal(1, e.Line);
    }

    private static JsonNode Single(string yaml) => Assert.Single(KubernetesManifest.Parse(yaml));
}
