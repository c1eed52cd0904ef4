using k8s.Models;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Pods;
using PodIdentity.Core.Tests.Support;
using PodIdentity.Manifests;

namespace PodIdentity.Core.Tests.Providers.ContainerCredentials;

/// <summary>What <c>preview</c> shows for deploy/examples/coreweave, with default and with recommended configuration.</summary>
public sealed class CoreWeaveExampleTests
{
    private static readonly string Folder = Path.Combine(RepositoryRoot(), "deploy", "examples", "coreweave");

    [Fact]
    public void Example_is_injected_with_default_configuration()
    {
        var container = Preview(null).Spec.Containers[0];

        Assert.Equal(
            [
                ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "https://api.coreweave.com/v1/cwobject/temporary-credentials/oidc/cw1234"),
                ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/var/run/secrets/tokens/oidc-token"),
            ],
            container.Env.Select(e => (e.Name, e.Value)));
        Assert.Equal(("caios-oidc-token", "/var/run/secrets/tokens", (bool?)true), Tuple(Assert.Single(container.VolumeMounts)));
    }

    [Fact]
    public void Example_is_injected_with_endpoint_region_and_config_map()
    {
        var pod = Preview(new Dictionary<string, string?>
        {
            ["CoreWeave:S3Endpoint"] = "http://cwlota.com",
            ["CoreWeave:Region"] = "US-EAST-04A",
            ["CoreWeave:AwsConfigMap"] = ConfigMap().Metadata.Name,
        });

        Assert.Equal(
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_ENDPOINT_URL_S3", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CONFIG_FILE"],
            pod.Spec.Containers[0].Env.Select(e => e.Name));
        Assert.Equal("caios-aws-config", pod.Spec.Volumes[1].ConfigMap.Name);
    }

    [Fact]
    public void Aws_config_map_turns_on_virtual_addressing()
    {
        var configMap = ConfigMap();

        Assert.Equal("caios-aws-config", configMap.Metadata.Name);
        Assert.Equal("[default]\ns3 =\n    addressing_style = virtual\n", configMap.Data["config"]);
    }

    private static V1Pod Preview(Dictionary<string, string?>? config)
    {
        var serviceAccount = KubernetesManifest.Deserialize<V1ServiceAccount>(File.ReadAllText(Path.Combine(Folder, "serviceaccount.yaml")));
        var pod = KubernetesManifest.Deserialize<V1Pod>(File.ReadAllText(Path.Combine(Folder, "pod.yaml")));
        var reviewer = TestMutator.Reviewer(config);
        var request = AdmissionCodec.DecodeCreate(pod, pod.Metadata.NamespaceProperty, "preview");

        var review = reviewer.Review(request, serviceAccount);

        Assert.True(review.Response!.Allowed, review.Response.Status?.Message);
        Assert.Null(review.Response.Warnings);
        Assert.Equal(["coreweave"], review.Mutation!.ProvidersApplied);
        return PatchApplier.Apply(pod, review.Response.Patch);
    }

    private static V1ConfigMap ConfigMap() => KubernetesManifest.Deserialize<V1ConfigMap>(File.ReadAllText(Path.Combine(Folder, "aws-config.yaml")));

    private static (string, string, bool?) Tuple(V1VolumeMount mount) => (mount.Name, mount.MountPath, mount.ReadOnlyProperty);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Webhook.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Webhook.sln not found above " + AppContext.BaseDirectory);
    }
}
