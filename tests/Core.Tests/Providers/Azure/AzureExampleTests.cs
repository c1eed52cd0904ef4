using k8s.Models;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Pods;
using PodIdentity.Core.Tests.Support;
using PodIdentity.Manifests;

namespace PodIdentity.Core.Tests.Providers.Azure;

/// <summary>What <c>preview</c> shows for deploy/examples/azure with the provider on: the pod gets credentials, and a second look changes nothing.</summary>
public sealed class AzureExampleTests
{
    [Fact]
    public void ExamplePair_IsMutatedAndStable()
    {
        var folder = Path.Combine(RepositoryRoot(), "deploy", "examples", "azure");
        var sa = KubernetesManifest.Deserialize<V1ServiceAccount>(File.ReadAllText(Path.Combine(folder, "serviceaccount.yaml")));
        var pod = KubernetesManifest.Deserialize<V1Pod>(File.ReadAllText(Path.Combine(folder, "pod.yaml")));
        Assert.Equal(("foo", "bar"), (sa.Metadata.NamespaceProperty, sa.Metadata.Name));
        Assert.Equal(("foo", "bar"), (pod.Metadata.NamespaceProperty, pod.Spec.ServiceAccountName));

        var reviewer = TestMutator.Reviewer(new Dictionary<string, string?> { ["Azure:Enabled"] = "true" });
        var response = reviewer.Review(AdmissionCodec.DecodeCreate(pod, "foo", "u"), sa).Response!;

        Assert.True(response.Allowed, response.Status?.Message);
        Assert.Null(response.Warnings);
        var mutated = PatchApplier.Apply(pod, response.Patch);
        var env = mutated.Spec.Containers[0].Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["AZURE_CLIENT_ID"] = "6f1f8a2c-3b4d-4e5f-9a0b-1c2d3e4f5a6b",
                ["AZURE_TENANT_ID"] = "72f988bf-86f1-41af-91ab-2d7cd011db47",
                ["AZURE_FEDERATED_TOKEN_FILE"] = "/var/run/secrets/azure/wi/token/azure-identity-token",
                ["AZURE_AUTHORITY_HOST"] = "https://login.microsoftonline.com/",
            },
            env);
        var volume = Assert.Single(mutated.Spec.Volumes);
        Assert.StartsWith("azure-workload-identity-reserved-", volume.Name, StringComparison.Ordinal);
        Assert.Equal("api://AzureADTokenExchange", volume.Projected.Sources[0].ServiceAccountToken.Audience);

        var again = reviewer.Review(AdmissionCodec.DecodeCreate(mutated, "foo", "u2"), sa);
        Assert.Empty(again.Mutation!.Patch);
    }

    [Fact]
    public void ExamplePair_IsLeftAloneWhileTheProviderIsOff()
    {
        var folder = Path.Combine(RepositoryRoot(), "deploy", "examples", "azure");
        var sa = KubernetesManifest.Deserialize<V1ServiceAccount>(File.ReadAllText(Path.Combine(folder, "serviceaccount.yaml")));
        var pod = KubernetesManifest.Deserialize<V1Pod>(File.ReadAllText(Path.Combine(folder, "pod.yaml")));

        var result = TestMutator.Reviewer().Review(AdmissionCodec.DecodeCreate(pod, "foo", "u"), sa);

        Assert.True(result.Response!.Allowed);
        Assert.Empty(result.Mutation!.Patch);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Webhook.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Webhook.sln not found above " + AppContext.BaseDirectory);
    }
}
