using k8s.Models;

namespace PodIdentity.Manifests.Tests;

/// <summary>Unreadable manifests name the line and column, so a caller can write "file: line 3, column 5: ...".</summary>
public sealed class ErrorTests
{
    [Theory]
    [InlineData("a: b\n  c: d\n", 2, 4)]
    [InlineData("a: [b, c\n", 2, 1)]
    [InlineData("a: \"unterminated\n", 1, 4)]
    [InlineData("kind: Pod\n\tmetadata: {}\n", 1, 7)]
    public void Yaml_that_does_not_parse_names_line_and_column(string yaml, int line, int column)
    {
        var e = Assert.Throws<ManifestException>(() => KubernetesManifest.Load(yaml));

        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.StartsWith($"line {line}, column {column}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_the_model_rejects_is_reported_where_it_was_written()
    {
        const string yaml = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              containers:
                - name: app
                  env:
                    - name: A
                      value:
                        nested: mapping
            """;

        var e = Assert.Throws<ManifestException>(() => KubernetesManifest.Deserialize<V1Pod>(yaml));

        Assert.Equal((11, 13), (e.Line, e.Column));
        Assert.Contains("$.spec.containers[0].env[0].value", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_quantity_is_an_error_not_a_crash()
    {
        const string yaml = """
            apiVersion: v1
            kind: Pod
            spec:
              containers:
                - name: app
                  resources:
                    limits:
                      cpu: lots
            """;

        var e = Assert.Throws<ManifestException>(() => KubernetesManifest.Deserialize<V1Pod>(yaml));

        Assert.True(e.Line >= 1, e.Message);
    }

    [Fact]
    public void A_document_that_is_not_a_mapping_is_not_a_kubernetes_object()
    {
        var e = Assert.Throws<ManifestException>(() => KubernetesManifest.Load("apiVersion: v1\nkind: Pod\n---\n- a\n- b\n"));

        Assert.Equal(4, e.Line);
        Assert.Contains("found a list", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_wants_exactly_one_document()
    {
        Assert.Contains("found 0", Assert.Throws<ManifestException>(() => KubernetesManifest.Deserialize<V1Pod>("# empty\n")).Message, StringComparison.Ordinal);
        Assert.Contains("found 2", Assert.Throws<ManifestException>(() => KubernetesManifest.Deserialize<V1Pod>("kind: Pod\n---\nkind: Pod\n")).Message, StringComparison.Ordinal);
    }
}
