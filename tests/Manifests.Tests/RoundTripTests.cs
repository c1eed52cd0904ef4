using k8s.Models;

namespace PodIdentity.Manifests.Tests;

/// <summary>What <see cref="KubernetesManifest.Serialize"/> writes reads back to the same model.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<string> Values =>
    [
        "true", "True", "false", "yes", "no", "on", "off", "y", "N", "0123", "123", "-1", "+1", "1e3", "1.5", ".5", "0x1F", "0o17",
        ".inf", "-.inf", ".nan", "null", "Null", "~", "", " ", "  lead", "trail  ", "x: y", "a #b", "#x", "- x", "- ", "? x", "[a]",
        "{a: 1}", "'single'", "\"double\"", "*alias", "&anchor", "!tag", "%directive", "@at", "`tick", "|pipe", ">gt", "tab\there",
        "é ünïcode ✓", "\u0001control", "line one\nline two", "line one\nline two\n", "a\n\nb  \n\n", " \nlead", "trailing\n\n\n",
        "\n", "\nleading newline", "multi\r\nwindows", "cr\ronly", "next\u0085line", "line\u2028separator", "para\u2029separator", "bom\uFEFF", "nul\0", "---", "...", "--- x", "2024-01-02", "12:30",
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void Env_values_survive_a_round_trip(string value)
    {
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = "p", Annotations = new Dictionary<string, string> { [value] = value } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Env = [new V1EnvVar { Name = "V", Value = value }] }] },
        };

        var yaml = KubernetesManifest.Serialize(pod);
        var back = KubernetesManifest.Deserialize<V1Pod>(yaml);

        Assert.Equal(value, back.Spec.Containers[0].Env[0].Value);
        Assert.Equal(value, Assert.Single(back.Metadata.Annotations).Key);
        Assert.Equal(value, Assert.Single(back.Metadata.Annotations).Value);
    }

    [Fact]
    public void Text_that_reads_as_another_type_is_double_quoted_and_multi_line_text_is_a_literal_block()
    {
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container
                    {
                        Name = "c",
                        Env =
                        [
                            new V1EnvVar { Name = "A", Value = "true" },
                            new V1EnvVar { Name = "B", Value = "0123" },
                            new V1EnvVar { Name = "C", Value = "1e3" },
                            new V1EnvVar { Name = "D", Value = "null" },
                            new V1EnvVar { Name = "E", Value = "" },
                            new V1EnvVar { Name = "F", Value = "plain text" },
                            new V1EnvVar { Name = "G", Value = "x: y" },
                            new V1EnvVar { Name = "H", Value = "one\ntwo\n" },
                        ],
                    },
                ],
            },
        };

        Assert.Equal("""
            apiVersion: v1
            kind: Pod
            spec:
              containers:
              - env:
                - name: A
                  value: "true"
                - name: B
                  value: "0123"
                - name: C
                  value: "1e3"
                - name: D
                  value: "null"
                - name: E
                  value: ""
                - name: F
                  value: plain text
                - name: G
                  value: 'x: y'
                - name: H
                  value: |
                    one
                    two
                name: c

            """, KubernetesManifest.Serialize(pod));
    }

    [Fact]
    public void A_json_node_is_written_in_its_own_key_order()
    {
        var node = Assert.Single(KubernetesManifest.Parse("""{"z": 1, "kind": "K", "a": [true, null, "1"], "e": {}}"""));

        Assert.Equal("z: 1\nkind: K\na:\n- true\n- null\n- \"1\"\ne: {}\n", KubernetesManifest.Serialize(node));
    }
}
