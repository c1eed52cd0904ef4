using PodIdentity.Acceptance.Tests.Harness;

namespace PodIdentity.Acceptance.Tests.ContainerCredentials;

/// <summary>The EksPodIdentity profile: the same container-credentials chain against an agent-style endpoint without an org id.</summary>
public sealed class EksPodIdentityTests : IAsyncLifetime
{
    private const string CredentialsPath = "/v1/credentials";
    private const string UserCredentialsPath = "/user/credentials";

    private const string ServiceAccount = """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: exporter
          namespace: metrics
          annotations:
            pod-identity.eks.amazonaws.com/inject: "true"
        """;

    private readonly ServiceAccountTokens tokens = new();
    private CloudStandIn standIn = null!;

    public async Task InitializeAsync()
    {
        standIn = await CloudStandIn.StartAsync();
        CredentialsEndpointStandIn.Map(standIn, CredentialsPath);
        standIn.Map(UserCredentialsPath, request => request.Header("Authorization") == "user-token"
            ? Reply.Json("""{"AccessKeyId":"ASIAUSERCONTAINER","SecretAccessKey":"user-secret","Token":"user-session","Expiration":"2099-01-01T00:00:00Z"}""")
            : new Reply(401, "text/plain", "the user's endpoint wants the user's token"));
    }

    public async Task DisposeAsync()
    {
        await standIn.DisposeAsync();
        tokens.Dispose();
    }

    // The profile is off by default; the agent's link-local address is replaced by the stand-in's loopback one.
    private Dictionary<string, string?> Configuration => new()
    {
        ["EksPodIdentity:Enabled"] = "true",
        ["EksPodIdentity:CredentialsUri"] = standIn.HttpUrl + CredentialsPath,
    };

    private static string Pod(string env = "") => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: exporter-0
          namespace: metrics
        spec:
          serviceAccountName: exporter
          containers:
          - name: exporter
            image: example.com/exporter:3
        {env}
        """;

    [Fact]
    public async Task The_default_chain_fetches_container_credentials_with_the_token_file_as_Authorization()
    {
        var mutated = PodMutation.Run(Pod(), ServiceAccount, Configuration);
        using var view = ContainerView.Materialize(mutated, "exporter", tokens);

        var result = (await ContainerProcess.RunAsync(view, "aws", new Dictionary<string, string>())).Result;

        var fetch = Assert.Single(standIn.To(CredentialsPath));
        Assert.Equal("GET", fetch.Method);
        Assert.Equal("/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token", view.Env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"));
        var token = view.ReadFile(view.Env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")!);
        Assert.Equal(token, fetch.Header("Authorization"));
        var claims = tokens.Verify(token);
        Assert.Equal("pods.eks.amazonaws.com", (string)claims["aud"]![0]!);
        Assert.Equal("system:serviceaccount:metrics:exporter", (string)claims["sub"]!);

        Assert.Equal("GenericContainerCredentials", (string)result["source"]!);
        Assert.Equal(CredentialsEndpointStandIn.AccessKeyId, (string)result["accessKeyId"]!);
        Assert.Equal(CredentialsEndpointStandIn.SessionToken, (string)result["sessionToken"]!);
    }

    [Fact]
    public void The_default_endpoint_is_the_agents_link_local_address()
    {
        var mutated = PodMutation.Run(Pod(), ServiceAccount, new Dictionary<string, string?> { ["EksPodIdentity:Enabled"] = "true" });

        var env = mutated.Container("exporter").Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("http://169.254.170.23/v1/credentials", env["AWS_CONTAINER_CREDENTIALS_FULL_URI"]);
    }

    [Fact]
    public async Task A_container_with_its_own_credentials_endpoint_gets_the_users_credentials()
    {
        var env = $"""
                env:
                - name: AWS_CONTAINER_CREDENTIALS_FULL_URI
                  value: {standIn.HttpUrl}{UserCredentialsPath}
                - name: AWS_CONTAINER_AUTHORIZATION_TOKEN
                  value: user-token
            """;
        var mutated = PodMutation.Run(Pod(env), ServiceAccount, Configuration);
        using var view = ContainerView.Materialize(mutated, "exporter", tokens);

        var result = (await ContainerProcess.RunAsync(view, "aws", new Dictionary<string, string>())).Result;

        // The user's endpoint variable makes the provider skip its env group (URI and token file); the token
        // volume is still mounted, unused, as the AWS provider does (Core.Tests fixture aws/18).
        Assert.Equal($"{standIn.HttpUrl}{UserCredentialsPath}", view.Env("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
        Assert.Null(view.Env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"));
        Assert.Single(standIn.To(UserCredentialsPath));
        Assert.Empty(standIn.To(CredentialsPath));
        Assert.Equal("ASIAUSERCONTAINER", (string)result["accessKeyId"]!);
    }
}
