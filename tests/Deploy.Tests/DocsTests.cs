using PodIdentity.Deploy.Tests.Support;
using Xunit;

namespace PodIdentity.Deploy.Tests;

/// <summary>The install guide and NOTES.txt tell admins the commands that match the chart.</summary>
public class DocsTests
{
    private static readonly string Install = File.ReadAllText(Path.Combine(Repo.Root, "docs", "install.md"));
    private static readonly string Notes = File.ReadAllText(Repo.ChartFile("templates/NOTES.txt"));

    [Theory]
    [InlineData("kubectl label namespace")]
    [InlineData("pod-identity.io/inject=enabled")]
    [InlineData("kubectl -n <namespace> annotate serviceaccount")]
    public void Notes_and_install_guide_say_how_to_enable_a_namespace_and_annotate_a_service_account(string text)
    {
        Assert.Contains(text, Notes, StringComparison.Ordinal);
        Assert.Contains(text, Install, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("helm lint charts/pod-identity-webhook")]
    [InlineData("kubeconform")]
    [InlineData("kubectl kustomize deploy")]
    [InlineData("preview --pod pod.yaml --service-account sa.yaml")]
    [InlineData("helm upgrade --install pod-identity-webhook")]
    [InlineData("docker build")]
    public void Install_guide_has_the_commands(string text) => Assert.Contains(text, Install, StringComparison.Ordinal);

    [Fact]
    public void Install_guide_documents_every_top_level_value()
    {
        foreach (var key in Repo.Values.Select(kv => kv.Key))
        {
            Assert.Contains($"`{key}", Install, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("k3s.md", "service-account-issuer=", "service-account-jwks-uri=", "api-audiences=")]
    [InlineData("crusoe-cmk.md", "service-account-issuer=", "service-account-jwks-uri=", "api-audiences=")]
    [InlineData("coreweave-cks.md", "OIDC Issuer URL", "kubectl get --raw /.well-known/openid-configuration", "https://coreweave.com/iam")]
    public void Platform_pages_give_the_cluster_side_steps_and_end_with_doctor(string page, string first, string second, string third)
    {
        var text = File.ReadAllText(Path.Combine(Repo.Root, "docs", "platforms", page));
        foreach (var expected in new[] { first, second, third })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        var lastSection = text[text.LastIndexOf("\n### ", StringComparison.Ordinal)..];
        Assert.Contains("doctor", lastSection.Split('\n')[1], StringComparison.Ordinal);
        Assert.Contains("/app/PodIdentity.Discovery doctor --issuer", lastSection, StringComparison.Ordinal);
    }

    [Fact]
    public void Gcp_attribute_mapping_names_namespace_and_serviceaccount_attributes()
    {
        foreach (var page in new[] { Path.Combine("platforms", "README.md"), Path.Combine("platforms", "coreweave-cks.md"), "discovery.md" })
        {
            var text = File.ReadAllText(Path.Combine(Repo.Root, "docs", page));
            Assert.Contains("attribute.k8s_ns=assertion['kubernetes.io']['namespace']", text, StringComparison.Ordinal);
            Assert.Contains("attribute.k8s_sa=assertion['kubernetes.io']['serviceaccount']['name']", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Release_workflow_builds_both_platforms_with_sbom_signs_the_digest_and_pins_the_tested_helm()
    {
        var workflow = File.ReadAllText(Path.Combine(Repo.Root, ".github", "workflows", "release.yml"));
        var parsed = Yaml.ParseSingle(workflow)!;
        var steps = parsed["jobs"]!["release"]!["steps"]!.AsArray();
        var build = steps.Single(s => ((string?)s!["uses"])?.StartsWith("docker/build-push-action", StringComparison.Ordinal) == true)!["with"]!;
        Assert.Equal("linux/amd64,linux/arm64", (string)build["platforms"]!);
        Assert.True((bool)build["sbom"]!);
        Assert.True((bool)build["push"]!);
        Assert.Contains(steps, s => ((string?)s!["run"])?.Contains("cosign sign --yes \"${IMAGE}@${{ steps.build.outputs.digest }}\"", StringComparison.Ordinal) == true);
        Assert.Equal("write", (string)parsed["jobs"]!["release"]!["permissions"]!["id-token"]!);

        // The release lints with the Helm the tests use.
        var helm = (string)steps.Single(s => ((string?)s!["uses"])?.StartsWith("azure/setup-helm", StringComparison.Ordinal) == true)!["with"]!["version"]!;
        Assert.Contains($"helm {helm} linux/amd64", File.ReadAllText(Path.Combine(Repo.Root, "scripts", "test.sh")), StringComparison.Ordinal);
    }
}
