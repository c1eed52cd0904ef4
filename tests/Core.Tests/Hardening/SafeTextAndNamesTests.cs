using k8s.Models;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Text;

namespace PodIdentity.Core.Tests.Hardening;

/// <summary>Issue 14, items 1, 2 and 4: bounded one-line text, name rules, the null-element rule.</summary>
public sealed class SafeTextAndNamesTests
{
    [Theory]
    [InlineData("a\nb", "a\\nb")]
    [InlineData("a\r\n[12:00:00 INF] forged", "a\\r\\n[12:00:00 INF] forged")]
    [InlineData("\u001b[31m", "\\u001b[31m")]
    [InlineData("x\u2028y\u202Ez", "x\\u2028y\\u202ez")]
    [InlineData("é😀 stays", "é😀 stays")]
    public void Control_characters_are_escaped_onto_one_line(string input, string expected) =>
        Assert.Equal(expected, SafeText.Value(input));

    [Fact]
    public void A_lone_surrogate_is_escaped() =>
        Assert.Equal("lone \\ud800 surrogate", SafeText.Value("lone " + (char)0xD800 + " surrogate"));

    [Fact]
    public void Long_text_is_cut_to_the_bound_with_an_ellipsis_and_safe_text_is_returned_as_is()
    {
        var cut = SafeText.Bound(new string('x', 3_000_000), 256);
        Assert.Equal(256, cut.Length);
        Assert.EndsWith("x…", cut, StringComparison.Ordinal);

        var escapesAtTheEnd = SafeText.Bound(new string('x', 250) + "\n\n\n\n", 256);
        Assert.True(escapesAtTheEnd.Length <= 256);
        Assert.DoesNotContain('\n', escapesAtTheEnd);

        var emoji = SafeText.Bound(new string('x', 254) + "😀😀", 256);
        Assert.True(emoji.Length <= 256);
        Assert.False(char.IsHighSurrogate(emoji[^2]) && emoji[^1] == '…', "a surrogate pair was split");

        const string Safe = "ServiceAccount \"demo/app\"";
        Assert.Same(Safe, SafeText.Value(Safe));
    }

    [Theory]
    [InlineData("my-app", true)]
    [InlineData("a.b-c.d0", true)]
    [InlineData("../../other/serviceaccounts/admin", false)]
    [InlineData("x?watch=true", false)]
    [InlineData("..", false)]
    [InlineData(".", false)]
    [InlineData("a..b", false)]
    [InlineData("My-App", false)]
    [InlineData("-app", false)]
    [InlineData("app-", false)]
    [InlineData("a b", false)]
    [InlineData("a\nb", false)]
    [InlineData("", false)]
    public void ServiceAccount_names_are_DNS_1123_subdomains(string name, bool valid) =>
        Assert.Equal(valid, KubernetesNames.IsSubdomain(name));

    [Fact]
    public void Name_lengths_follow_the_API_server()
    {
        Assert.True(KubernetesNames.IsSubdomain(string.Join('.', Enumerable.Repeat(new string('a', 63), 4))[..253]));
        Assert.False(KubernetesNames.IsSubdomain(new string('a', 254)));
        Assert.True(KubernetesNames.IsLabel(new string('a', 63)));
        Assert.False(KubernetesNames.IsLabel(new string('a', 64)));
        Assert.False(KubernetesNames.IsLabel("a.b"));
    }

    [Fact]
    public void Invalid_names_get_a_warning_instead_of_a_lookup()
    {
        Assert.Null(AdmissionReviewer.UnlookableServiceAccount("demo", "app"));
        Assert.Contains("ServiceAccount name \"../../other/serviceaccounts/admin\" in namespace \"demo\" is not a valid name",
            AdmissionReviewer.UnlookableServiceAccount("demo", "../../other/serviceaccounts/admin"), StringComparison.Ordinal);
        Assert.Contains("namespace \"..\\n\" is not a valid namespace name", AdmissionReviewer.UnlookableServiceAccount("..\n", "app"), StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<V1Pod>> NullElements() => new()
    {
        { "spec.containers[1] is null: expected a container object", pod => pod.Spec.Containers.Add(null!) },
        { "spec.initContainers[0] is null: expected a container object", pod => pod.Spec.InitContainers = [null!] },
        { "spec.containers[0].env[1] is null: expected an env var object", pod => pod.Spec.Containers[0].Env.Add(null!) },
        { "spec.containers[0].volumeMounts[0] is null: expected a volume mount object", pod => pod.Spec.Containers[0].VolumeMounts = [null!] },
        { "spec.volumes[0] is null: expected a volume object", pod => pod.Spec.Volumes = [null!] },
        { "metadata.annotations[\"a\\nb\"] is null: expected a string", pod => pod.Metadata.Annotations = new Dictionary<string, string> { ["a\nb"] = null! } },
        { "spec.nodeSelector[\"os\"] is null: expected a string", pod => pod.Spec.NodeSelector = new Dictionary<string, string> { ["os"] = null! } },
    };

    [Theory]
    [MemberData(nameof(NullElements))]
    public void A_null_element_of_any_list_mutation_reads_is_named_by_its_path(string expected, Action<V1Pod> spoil)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Env = [new V1EnvVar { Name = "A", Value = "1" }] }] },
        };
        Assert.Null(AdmissionCodec.DecodeCreate(pod, "team-a", "u").ObjectProblem);

        spoil(pod);

        Assert.StartsWith(expected, AdmissionCodec.DecodeCreate(pod, "team-a", "u").ObjectProblem, StringComparison.Ordinal);
    }
}
