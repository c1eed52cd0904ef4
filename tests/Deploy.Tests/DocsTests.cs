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
}
