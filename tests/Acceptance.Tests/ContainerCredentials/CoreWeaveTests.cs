using k8s.Models;
using PodIdentity.Acceptance.Tests.Harness;
using PodIdentity.Manifests;

namespace PodIdentity.Acceptance.Tests.ContainerCredentials;

/// <summary>
/// CoreWeave AI Object Storage: the AWS SDK for .NET's container-credentials provider calls
/// AWS_CONTAINER_CREDENTIALS_FULL_URI with the token file's contents as Authorization. The shipped example
/// (deploy/examples/coreweave: pod, ServiceAccount, aws-config ConfigMap) is what gets mutated.
/// </summary>
public sealed class CoreWeaveTests : IAsyncLifetime
{
    private const string ProductionUri = "https://api.coreweave.com/v1/cwobject/temporary-credentials/oidc/cw1234";
    private const string CredentialsPath = "/v1/cwobject/temporary-credentials/oidc/cw1234";

    private static readonly string Example = Path.Combine(RepositoryPaths.Root, "deploy", "examples", "coreweave");
    private static readonly string Pod = File.ReadAllText(Path.Combine(Example, "pod.yaml"));
    private static readonly string ServiceAccount = File.ReadAllText(Path.Combine(Example, "serviceaccount.yaml"));

    private readonly ServiceAccountTokens tokens = new();
    private CloudStandIn standIn = null!;

    public async Task InitializeAsync()
    {
        standIn = await CloudStandIn.StartAsync();
        CredentialsEndpointStandIn.Map(standIn, CredentialsPath);
    }

    public async Task DisposeAsync()
    {
        await standIn.DisposeAsync();
        tokens.Dispose();
    }

    /// <summary>The worked example's configuration (docs/coreweave.md), with the endpoint's scheme and host on loopback.</summary>
    private Dictionary<string, string?> Configuration(bool loopback = true)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["CoreWeave:S3Endpoint"] = "http://cwlota.com",
            ["CoreWeave:Region"] = "US-EAST-04A",
            ["CoreWeave:AwsConfigMap"] = "caios-aws-config",
        };
        if (loopback)
        {
            configuration["CoreWeave:CredentialsUri"] = standIn.HttpUrl + "/v1/cwobject/temporary-credentials/oidc/{orgId}";
        }

        return configuration;
    }

    private static ClusterObjects ExampleConfigMap()
    {
        var configMap = KubernetesManifest.Deserialize<V1ConfigMap>(File.ReadAllText(Path.Combine(Example, "aws-config.yaml")));
        var objects = new ClusterObjects();
        objects.ConfigMaps[configMap.Metadata.Name] = configMap.Data.AsReadOnly();
        return objects;
    }

    [Fact]
    public async Task The_default_chain_fetches_container_credentials_with_the_token_file_as_Authorization()
    {
        var mutated = PodMutation.Run(Pod, ServiceAccount, Configuration());
        using var view = ContainerView.Materialize(mutated, "aws-cli", tokens, ExampleConfigMap());

        var result = (await ContainerProcess.RunAsync(view, "aws", new Dictionary<string, string>())).Result;

        var fetch = Assert.Single(standIn.To(CredentialsPath));
        Assert.Equal("GET", fetch.Method);
        var token = view.ReadFile(view.Env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")!);
        Assert.Equal(token, fetch.Header("Authorization"));
        var claims = tokens.Verify(token);
        Assert.Equal("https://coreweave.com/iam", (string)claims["aud"]![0]!);
        Assert.Equal("system:serviceaccount:default:caios-reader", (string)claims["sub"]!);
        Assert.Equal(86400, (long)claims["exp"]! - (long)claims["iat"]!);

        // AWS_CONFIG_FILE (the example ConfigMap: s3 settings, no credentials) does not stop the chain.
        Assert.Contains("addressing_style = virtual", view.ReadFile(view.Env("AWS_CONFIG_FILE")!), StringComparison.Ordinal);
        Assert.Equal("GenericContainerCredentials", (string)result["source"]!);
        Assert.Equal(CredentialsEndpointStandIn.AccessKeyId, (string)result["accessKeyId"]!);
        Assert.Equal(CredentialsEndpointStandIn.SessionToken, (string)result["sessionToken"]!);
    }

    [Fact]
    public void The_production_endpoint_is_the_same_path_over_https()
    {
        var production = PodMutation.Run(Pod, ServiceAccount, Configuration(loopback: false)).Container("aws-cli");
        var loopback = PodMutation.Run(Pod, ServiceAccount, Configuration()).Container("aws-cli");

        var uri = production.Env.Single(e => e.Name == "AWS_CONTAINER_CREDENTIALS_FULL_URI").Value;
        Assert.Equal(ProductionUri, uri);
        Assert.Equal(new Uri(uri).PathAndQuery, new Uri(loopback.Env.Single(e => e.Name == "AWS_CONTAINER_CREDENTIALS_FULL_URI").Value).PathAndQuery);

        // Everything but the URI is the same in both: the test changes the endpoint's host, nothing else.
        Assert.Equal(
            production.Env.Where(e => e.Name != "AWS_CONTAINER_CREDENTIALS_FULL_URI").Select(e => (e.Name, e.Value)),
            loopback.Env.Where(e => e.Name != "AWS_CONTAINER_CREDENTIALS_FULL_URI").Select(e => (e.Name, e.Value)));
    }

    [Fact]
    public async Task A_container_with_its_own_access_keys_gets_the_users_keys()
    {
        var pod = Pod.Replace(
            "      command: [\"sleep\", \"infinity\"]",
            """
                  command: ["sleep", "infinity"]
                  env:
                    - name: AWS_ACCESS_KEY_ID
                      value: CWUSERKEY
                    - name: AWS_SECRET_ACCESS_KEY
                      value: user-secret
            """,
            StringComparison.Ordinal);
        var mutated = PodMutation.Run(pod, ServiceAccount, Configuration());
        using var view = ContainerView.Materialize(mutated, "aws-cli", tokens, ExampleConfigMap());

        var result = (await ContainerProcess.RunAsync(view, "aws", new Dictionary<string, string>())).Result;

        // Ours is still injected (other variables), but the chain's environment step comes first.
        Assert.NotNull(view.Env("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
        Assert.Equal("EnvironmentVariablesAWSCredentials", (string)result["source"]!);
        Assert.Equal("CWUSERKEY", (string)result["accessKeyId"]!);
        Assert.Equal("user-secret", (string)result["secretAccessKey"]!);
        Assert.Empty(standIn.To(CredentialsPath));
    }

    [Fact]
    public async Task With_an_IRSA_role_on_the_same_ServiceAccount_the_default_chain_takes_the_role()
    {
        // docs/coreweave.md, "Together with AWS IRSA": web identity comes before container credentials in the chain.
        var serviceAccount = ServiceAccount.Replace(
            "    caios.coreweave.com/inject: \"true\"",
            "    caios.coreweave.com/inject: \"true\"\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/caios-reader",
            StringComparison.Ordinal);
        Aws.StsStandIn.Map(standIn);
        var mutated = PodMutation.Run(Pod, serviceAccount, Configuration());
        using var view = ContainerView.Materialize(mutated, "aws-cli", tokens, ExampleConfigMap());

        var result = (await ContainerProcess.RunAsync(view, "aws", new Dictionary<string, string> { ["AWS_ENDPOINT_URL_STS"] = standIn.HttpUrl })).Result;

        Assert.NotNull(view.Env("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
        Assert.Equal("AssumeRoleWithWebIdentityCredentials", (string)result["source"]!);
        Assert.NotEmpty(standIn.To("/"));
        Assert.Empty(standIn.To(CredentialsPath));
    }
}
