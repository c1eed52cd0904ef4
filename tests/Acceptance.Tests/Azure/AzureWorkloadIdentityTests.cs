using PodIdentity.Acceptance.Tests.Harness;

namespace PodIdentity.Acceptance.Tests.Azure;

/// <summary>
/// Azure workload identity: Azure.Identity's DefaultAzureCredential and WorkloadIdentityCredential, from what the
/// webhook injects (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE, AZURE_AUTHORITY_HOST and the
/// projected token), to an Entra token. The authority host is called under its real name through the CONNECT
/// proxy; the probe trusts only the test CA (SSL_CERT_FILE). Nothing else is added to the container's env.
/// </summary>
public sealed class AzureWorkloadIdentityTests : IAsyncLifetime
{
    private const string ClientId = "6f1f8a2c-3b4d-4e5f-9a0b-1c2d3e4f5a6b";
    private const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private const string ServiceAccount = $"""
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: reports
          namespace: analytics
          annotations:
            azure.workload.identity/client-id: "{ClientId}"
        """;

    private readonly ServiceAccountTokens tokens = new();
    private CloudStandIn standIn = null!;
    private ConnectProxy proxy = null!;

    public async Task InitializeAsync()
    {
        standIn = await CloudStandIn.StartAsync();
        proxy = new ConnectProxy(standIn.TlsPort);
    }

    public async Task DisposeAsync()
    {
        await proxy.DisposeAsync();
        await standIn.DisposeAsync();
        tokens.Dispose();
    }

    /// <summary>
    /// Credential, AZURE_AUTHORITY_HOST, and the host MSAL then posts to: for Azure China its built-in cloud
    /// metadata names login.partner.microsoftonline.cn as the preferred network host of login.chinacloudapi.cn.
    /// </summary>
    public static TheoryData<string, string, string> Credentials => new()
    {
        { "default", "https://login.microsoftonline.com/", "login.microsoftonline.com" },
        { "workload", "https://login.microsoftonline.com/", "login.microsoftonline.com" },
        { "default", "https://login.chinacloudapi.cn/", "login.partner.microsoftonline.cn" },
    };

    [Theory]
    [MemberData(nameof(Credentials))]
    public async Task The_credential_signs_in_as_the_annotated_client_with_the_projected_token_as_its_assertion(string credential, string authorityHost, string host)
    {
        EntraStandIn.Map(standIn, host, TenantId);
        var mutated = PodMutation.Run(Pod(), ServiceAccount, Configuration(authorityHost));
        using var view = ContainerView.Materialize(mutated, "app", tokens);
        Assert.Equal(authorityHost, view.Env("AZURE_AUTHORITY_HOST"));

        var run = await RunProbeAsync(view, credential);
        var result = run.Result;

        // Two requests reached the network, both at Entra: MSAL's instance discovery on the injected authority
        // host, then the token request on that cloud's preferred host. No IMDS probe, nothing else.
        var requests = standIn.Requests.ToArray();
        Assert.Equal([EntraStandIn.InstanceDiscoveryPath, EntraStandIn.TokenPath(TenantId)], requests.Select(r => r.Path));
        Assert.Equal(new Uri(authorityHost).Host, requests[0].Host);
        var call = requests[1];
        Assert.Equal(host, call.Host);
        Assert.Contains($"{host}:443", proxy.Tunnels);
        Assert.Equal("POST", call.Method);
        var form = call.Form;
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(ClientId, form["client_id"]);
        Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"]);
        Assert.Contains("https://storage.azure.com/.default", form["scope"].Split(' '));

        // The assertion is the file the volume projected, signed for Azure's audience and the ServiceAccount.
        Assert.Equal(view.ReadFile(view.Env("AZURE_FEDERATED_TOKEN_FILE")!), form["client_assertion"]);
        var claims = tokens.Verify(form["client_assertion"]);
        Assert.Equal("api://AzureADTokenExchange", (string)claims["aud"]![0]!);
        Assert.Equal("system:serviceaccount:analytics:reports", (string)claims["sub"]!);
        Assert.Equal(3600, (long)claims["exp"]! - (long)claims["iat"]!);

        Assert.Equal(credential == "default" ? "DefaultAzureCredential" : "WorkloadIdentityCredential", (string)result["source"]!);

        // The SDK's own log (docs/azure.md quotes it): the chain's pick, and the federated exchange behind it.
        Assert.Contains("[Azure-Identity] WorkloadIdentityCredential.GetToken succeeded. Scopes: [ https://storage.azure.com/.default ]", run.Stderr, StringComparison.Ordinal);
        if (credential == "default")
        {
            Assert.Contains("[Azure-Identity] EnvironmentCredential.GetToken was unable to retrieve an access token.", run.Stderr, StringComparison.Ordinal);
            Assert.Contains("[Azure-Identity] DefaultAzureCredential credential selected: Azure.Identity.WorkloadIdentityCredential", run.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(EntraStandIn.AccessToken, (string)result["accessToken"]!);
    }

    [Fact]
    public async Task A_container_that_names_another_client_keeps_it_and_still_signs_in_with_the_projected_token()
    {
        const string otherClient = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
        EntraStandIn.Map(standIn, "login.microsoftonline.com", TenantId);
        var pod = Pod($"""
                env:
                - name: AZURE_CLIENT_ID
                  value: "{otherClient}"
            """);
        var mutated = PodMutation.Run(pod, ServiceAccount, Configuration("https://login.microsoftonline.com/"));
        using var view = ContainerView.Materialize(mutated, "app", tokens);

        var result = (await RunProbeAsync(view, "default")).Result;

        var form = Assert.Single(standIn.To(EntraStandIn.TokenPath(TenantId))).Form;
        Assert.Equal(otherClient, form["client_id"]);
        Assert.Equal(view.ReadFile(view.Env("AZURE_FEDERATED_TOKEN_FILE")!), form["client_assertion"]);
        Assert.Equal(EntraStandIn.AccessToken, (string)result["accessToken"]!);
    }

    [Fact]
    public async Task An_unlabelled_pod_gets_nothing_and_the_chain_never_reaches_Entra()
    {
        EntraStandIn.Map(standIn, "login.microsoftonline.com", TenantId);
        var mutated = PodMutation.Run(Pod().Replace("    azure.workload.identity/use: \"true\"\n", "    app: reports\n", StringComparison.Ordinal), ServiceAccount, Configuration("https://login.microsoftonline.com/"));
        using var view = ContainerView.Materialize(mutated, "app", tokens);
        Assert.Null(view.Env("AZURE_FEDERATED_TOKEN_FILE"));

        var run = await ContainerProcess.RunAsync(view, "azure", ProxyEnvironment(), "--credential", "workload");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("WorkloadIdentityCredential authentication unavailable", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(standIn.To(EntraStandIn.TokenPath(TenantId)));
    }

    private static Dictionary<string, string?> Configuration(string authorityHost) => new()
    {
        ["Azure:Enabled"] = "true",
        ["Azure:TenantId"] = TenantId,
        ["Azure:AuthorityHost"] = authorityHost,
    };

    private static string Pod(string containerExtra = "") => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: reports-5c8d
          namespace: analytics
          labels:
            azure.workload.identity/use: "true"
        spec:
          serviceAccountName: reports
          containers:
          - name: app
            image: example.com/reports:1.0
        {containerExtra}
        """;

    private Dictionary<string, string> ProxyEnvironment() => new()
    {
        ["HTTPS_PROXY"] = proxy.Url,
        ["SSL_CERT_FILE"] = standIn.Authority.BundlePath,
    };

    private Task<ProbeRun> RunProbeAsync(ContainerView view, string credential) =>
        ContainerProcess.RunAsync(view, "azure", ProxyEnvironment(), "--sdk-log", "--credential", credential);
}
