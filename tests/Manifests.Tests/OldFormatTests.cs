using k8s;
using k8s.Models;

namespace PodIdentity.Manifests.Tests;

/// <summary>
/// KubernetesManifest.Serialize writes byte for byte what KubernetesClient 21.0.8's reflection-based
/// KubernetesYaml.Serialize wrote. Fixtures/old-format holds that serializer's output (plus a newline;
/// documents joined by "---"), made by a throwaway program on the full KubernetesClient package: the
/// examples under deploy/examples read and written back, and objects built to hit every quoting rule.
/// </summary>
public sealed class OldFormatTests
{
    public static TheoryData<string> OldFormatFiles =>
        [.. Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Fixtures, "old-format"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> PreviewGoldens =>
        [.. Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "tests", "Webhook.Tests", "Fixtures", "preview"), "*.yaml").Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(OldFormatFiles))]
    public void Objects_are_written_as_kubernetes_client_wrote_them(string name)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Fixtures, "old-format", name));

        var documents = KubernetesManifest.Load(text);
        var written = string.Join("---\n", documents.Select(d => KubernetesManifest.Serialize(d.ToModel() ?? throw new InvalidOperationException($"no model for {d.Kind}"))));

        Assert.Equal(text, written);
    }

    /// <summary>The preview goldens of tests/Webhook.Tests were written by the old serializer: they must not change.</summary>
    [Theory]
    [MemberData(nameof(PreviewGoldens))]
    public void Preview_goldens_are_reproduced(string path)
    {
        var text = File.ReadAllText(path);

        Assert.Equal(text, KubernetesManifest.Serialize(KubernetesManifest.Deserialize<V1Pod>(text)));
    }

    /// <summary>Every example pod, read from its hand-written YAML, is written in the old format (compared with the old serializer's output).</summary>
    [Theory]
    [InlineData("aws")]
    [InlineData("coreweave")]
    [InlineData("gcp")]
    public void Example_pods_read_from_hand_written_yaml_match_the_old_output(string cloud)
    {
        var pod = KubernetesManifest.Deserialize<V1Pod>(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "examples", cloud, "pod.yaml")));

        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryPaths.Fixtures, "old-format", $"examples-{cloud}-pod.yaml")), KubernetesManifest.Serialize(pod));
    }

    /// <summary>KubernetesClient wrote these plain, and a YAML 1.2 reader (ours, kubectl's) reads them back as numbers; they are quoted now.</summary>
    [Theory]
    [InlineData("0x1F")]
    [InlineData("0o17")]
    [InlineData("+1")]
    [InlineData(".inf")]
    [InlineData(".nan")]
    public void Text_the_old_writer_left_plain_but_that_reads_as_a_number_is_quoted(string value)
    {
        var yaml = KubernetesManifest.Serialize(new V1EnvVar { Name = "v", Value = value });

        Assert.Equal($"name: v\nvalue: \"{value}\"\n", yaml);
    }

    /// <summary>KubernetesClient wrote binaryData plain, so all-digit base64 ("1234") read back as a number; it is quoted now.</summary>
    [Fact]
    public void All_digit_base64_is_quoted()
    {
        var map = new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", BinaryData = new Dictionary<string, byte[]> { ["b"] = Convert.FromBase64String("1234") } };

        var yaml = KubernetesManifest.Serialize(map);

        Assert.Equal("apiVersion: v1\nkind: ConfigMap\nbinaryData:\n  b: \"1234\"\n", yaml);
        Assert.Equal(map.BinaryData["b"], KubernetesManifest.Deserialize<V1ConfigMap>(yaml).BinaryData["b"]);
    }

    [Fact]
    public void Kubernetes_json_and_the_yaml_agree()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Fixtures, "old-format", "kitchen-sink-pod.yaml"));
        var pod = KubernetesManifest.Deserialize<V1Pod>(text);

        var again = KubernetesManifest.Deserialize<V1Pod>(KubernetesManifest.Serialize(pod));

        Assert.Equal(KubernetesJson.Serialize(pod), KubernetesJson.Serialize(again));
    }
}
