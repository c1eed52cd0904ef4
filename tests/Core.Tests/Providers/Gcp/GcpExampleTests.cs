using System.Text.Json;
using k8s.Models;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Pods;
using PodIdentity.Core.Tests.Support;
using PodIdentity.Manifests;

namespace PodIdentity.Core.Tests.Providers.Gcp;

/// <summary>What <c>preview</c> shows for deploy/examples/gcp: the pod gets credentials, and a second look changes nothing.</summary>
public sealed class GcpExampleTests
{
    [Fact]
    public void ExamplePair_IsMutatedAndStable()
    {
        var folder = Path.Combine(RepositoryRoot(), "deploy", "examples", "gcp");
        var sa = KubernetesManifest.Deserialize<V1ServiceAccount>(File.ReadAllText(Path.Combine(folder, "serviceaccount.yaml")));
        var pod = KubernetesManifest.Deserialize<V1Pod>(File.ReadAllText(Path.Combine(folder, "pod.yaml")));
        Assert.Equal(("foo", "bar"), (sa.Metadata.NamespaceProperty, sa.Metadata.Name));
        Assert.Equal(("foo", "bar"), (pod.Metadata.NamespaceProperty, pod.Spec.ServiceAccountName));

        var reviewer = TestMutator.Reviewer();
        var response = reviewer.Review(AdmissionCodec.DecodeCreate(pod, "foo", "u"), sa).Response!;

        Assert.True(response.Allowed, response.Status?.Message);
        Assert.Null(response.Warnings);
        var mutated = PatchApplier.Apply(pod, response.Patch);
        var env = mutated.Spec.Containers[0].Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("/var/run/secrets/workload-identity/federation.json", env["GOOGLE_APPLICATION_CREDENTIALS"]);
        Assert.Equal("/var/run/secrets/workload-identity/federation.json", env["CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE"]);
        Assert.Equal("my-project", env["CLOUDSDK_CORE_PROJECT"]);
        Assert.Equal("my-project", env["GOOGLE_CLOUD_PROJECT"]);
        Assert.Null(mutated.Spec.InitContainers);
        Assert.Equal(["gcp-iam-token", "gcp-credentials"], mutated.Spec.Volumes.Select(v => v.Name));

        using var json = JsonDocument.Parse(mutated.Metadata.Annotations["cloud.google.com/external-account-credentials"]);
        Assert.Equal(
            "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/coreweave/providers/cks-cluster",
            json.RootElement.GetProperty("audience").GetString());
        Assert.False(json.RootElement.TryGetProperty("service_account_impersonation_url", out _));

        var again = reviewer.Review(AdmissionCodec.DecodeCreate(mutated, "foo", "u2"), sa);
        Assert.Empty(again.Mutation!.Patch);
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
