using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PodIdentity.Deploy.Tests.Support;
using Xunit;

namespace PodIdentity.Deploy.Tests;

/// <summary>
/// deploy/ must be what Helm installs: the kustomize base equals <c>helm template</c> with the default
/// values (release pod-identity-webhook in pod-identity-system), and each overlay equals the Helm render
/// its "Same as: helm install ..." comment names. Only Helm's own labels and the Namespace (which
/// <c>--create-namespace</c> makes) differ.
/// </summary>
public partial class ChartKustomizeAgreementTests
{
    public static TheoryData<string> Overlays => new() { "aws", "coreweave", "gcp", "azure", "discovery" };

    [Fact]
    public void Base_is_the_default_helm_render()
    {
        AssertSameObjects(Helm.Template().WithoutHooks(), Kustomize.Base, sortEnv: false);
        Assert.Equal(Repo.ReleaseName, (string)Repo.Chart["name"]!);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_is_the_helm_render_its_comment_names(string overlay)
    {
        var kustomization = File.ReadAllText(Path.Combine(Repo.DeployDir, "overlays", overlay, "kustomization.yaml"));
        var sameAs = SameAs().Match(kustomization);
        Assert.True(sameAs.Success, $"deploy/overlays/{overlay}/kustomization.yaml has no '# Same as: helm install ... --set ...' line");
        var arguments = sameAs.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // Strategic merge puts patched env entries first: compare env by name there.
        AssertSameObjects(Helm.Template(arguments).WithoutHooks(), Kustomize.Render(Path.Combine(Repo.DeployDir, "overlays", overlay)), sortEnv: true);
    }

    [Fact]
    public void Image_is_the_chart_repository_at_the_app_version()
    {
        var container = Helm.Template().Webhook().Container("webhook");
        Assert.Equal($"{(string)Repo.Values["image"]!["repository"]!}:{(string)Repo.Chart["appVersion"]!}", (string)container["image"]!);
        Assert.Equal("", (string)Repo.Values["image"]!["tag"]!);
    }

    private static void AssertSameObjects(List<JsonObject> helm, List<JsonObject> kustomize, bool sortEnv)
    {
        static string Key(JsonObject o) => $"{o.Kind()}/{o.Name()}";
        var fromHelm = helm.ToDictionary(Key, o => Normalize(o, sortEnv));
        var fromKustomize = kustomize.Where(o => o.Kind() != "Namespace").ToDictionary(Key, o => Normalize(o, sortEnv));
        Assert.Equal(fromHelm.Keys.Order(StringComparer.Ordinal), fromKustomize.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, expected) in fromHelm)
        {
            K8s.Equal(expected, fromKustomize[key], key);
        }
    }

    /// <summary>Without the labels only one of the two tools sets; env sorted by name when asked.</summary>
    private static JsonObject Normalize(JsonObject o, bool sortEnv)
    {
        var copy = (JsonObject)o.DeepClone();
        if (copy["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove("helm.sh/chart");
            labels.Remove("app.kubernetes.io/managed-by");
        }

        if (sortEnv && copy.Kind() == "Deployment")
        {
            foreach (var container in copy["spec"]!["template"]!["spec"]!["containers"]!.AsArray())
            {
                if (container!["env"] is JsonArray env)
                {
                    container["env"] = new JsonArray(env.OrderBy(e => (string)e!["name"]!, StringComparer.Ordinal).Select(e => e!.DeepClone()).ToArray());
                }
            }
        }

        return copy;
    }

    [GeneratedRegex(@"#\s*Same as:\s*helm install \.\.\.\s*(.+)")]
    private static partial Regex SameAs();
}
