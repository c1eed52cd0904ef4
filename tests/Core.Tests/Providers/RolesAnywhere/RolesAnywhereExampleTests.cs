using k8s.Models;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Pods;
using PodIdentity.Core.Tests.Support;
using PodIdentity.Manifests;

namespace PodIdentity.Core.Tests.Providers.RolesAnywhere;

/// <summary>deploy/examples/rolesanywhere: the plain Deployment's pod gets working Roles Anywhere wiring, and a second look changes nothing.</summary>
public sealed class RolesAnywhereExampleTests
{
    private static readonly Dictionary<string, string?> Enabled = new() { ["RolesAnywhere:Enabled"] = "true" };

    [Theory]
    [InlineData(null)]
    [InlineData("ClusterIssuer/rolesanywhere-ca")]
    public void Deployment_pod_is_mutated_and_stable(string? issuerInsteadOfSecret)
    {
        var folder = Path.Combine(RepositoryRoot(), "deploy", "examples", "rolesanywhere");
        var sa = KubernetesManifest.Deserialize<V1ServiceAccount>(File.ReadAllText(Path.Combine(folder, "serviceaccount.yaml")));
        var deployment = KubernetesManifest.Deserialize<V1Deployment>(File.ReadAllText(Path.Combine(folder, "deployment.yaml")));
        var certificate = File.ReadAllText(Path.Combine(folder, "certificate.yaml"));
        if (issuerInsteadOfSecret is not null)
        {
            // The alternative the ServiceAccount's comment offers.
            sa.Metadata.Annotations.Remove("rolesanywhere.amazonaws.com/certificate-secret");
            sa.Metadata.Annotations["rolesanywhere.amazonaws.com/certificate-issuer"] = issuerInsteadOfSecret;
        }

        var pod = new V1Pod { ApiVersion = "v1", Kind = "Pod", Metadata = new V1ObjectMeta { GenerateName = "billing-", Labels = deployment.Spec.Template.Metadata.Labels }, Spec = deployment.Spec.Template.Spec };
        var reviewer = TestMutator.Reviewer(Enabled);
        var response = reviewer.Review(AdmissionCodec.DecodeCreate(pod, "payments", "u"), sa).Response!;

        Assert.True(response.Allowed, response.Status?.Message);
        Assert.Null(response.Warnings);
        var mutated = PatchApplier.Apply(pod, response.Patch);
        var env = mutated.Spec.Containers[0].Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("/var/run/secrets/rolesanywhere.amazonaws.com/aws-config/config", env["AWS_CONFIG_FILE"]);
        Assert.Equal("rolesanywhere", env["AWS_PROFILE"]);
        Assert.Equal("rolesanywhere-signing-helper", mutated.Spec.InitContainers.Single().Name);
        var certificateVolume = mutated.Spec.Volumes.Single(v => v.Name == "rolesanywhere-certificate");
        if (issuerInsteadOfSecret is null)
        {
            // The Secret the example's Certificate writes.
            Assert.Equal("billing-rolesanywhere", certificateVolume.Secret.SecretName);
            Assert.Contains("secretName: billing-rolesanywhere", certificate, StringComparison.Ordinal);
        }
        else
        {
            // Per pod: the CN the example's Certificate would have given, without the Certificate.
            Assert.Equal("billing.payments", certificateVolume.Csi.VolumeAttributes["csi.cert-manager.io/common-name"]);
            Assert.Contains("commonName: billing.payments", certificate, StringComparison.Ordinal);
        }

        var config = mutated.Metadata.Annotations["rolesanywhere.amazonaws.com/aws-config"];
        Assert.Contains($"--role-arn {sa.Metadata.Annotations["rolesanywhere.amazonaws.com/role-arn"]}", config, StringComparison.Ordinal);

        var again = reviewer.Review(AdmissionCodec.DecodeCreate(mutated, "payments", "u2"), sa);
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
