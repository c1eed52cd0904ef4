using System.Text.RegularExpressions;
using PodIdentity.Acceptance.Tests.Harness;

namespace PodIdentity.Acceptance.Tests.Aws;

/// <summary>IRSA: the AWS SDK for .NET's default chain, from what the webhook injects, to a signed S3 call.</summary>
public sealed class AwsIrsaTests : IAsyncLifetime
{
    private const string RoleArn = "arn:aws:iam::111122223333:role/billing";

    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: billing-7d9f
          namespace: payments
        spec:
          serviceAccountName: billing
          containers:
          - name: app
            image: example.com/billing:1.0
        """;

    private const string ServiceAccount = $"""
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: billing
          namespace: payments
          annotations:
            eks.amazonaws.com/role-arn: {RoleArn}
        """;

    // A region as most clusters outside EKS configure it (Aws:Region → AWS_REGION and AWS_DEFAULT_REGION).
    private static readonly Dictionary<string, string?> Configuration = new() { ["Aws:Region"] = "us-east-1" };

    private readonly ServiceAccountTokens tokens = new();
    private CloudStandIn standIn = null!;

    public async Task InitializeAsync()
    {
        standIn = await CloudStandIn.StartAsync();
        StsStandIn.Map(standIn);
    }

    public async Task DisposeAsync()
    {
        await standIn.DisposeAsync();
        tokens.Dispose();
    }

    [Fact]
    public async Task The_default_chain_assumes_the_role_with_the_projected_token_and_signs_an_S3_call_with_what_STS_returned()
    {
        await using var s3 = await S3rver.StartAsync();
        await using var gate = await SigV4Gate.StartAsync(s3.Endpoint, new Dictionary<string, string> { [S3rver.AccessKey] = StsStandIn.SecretAccessKey });
        var mutated = PodMutation.Run(Pod, ServiceAccount, Configuration);
        using var view = ContainerView.Materialize(mutated, "app", tokens);

        // The SDK's documented per-service endpoint variables: the one thing the test adds to the container's env.
        var run = await ContainerProcess.RunAsync(view, "aws", new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL_STS"] = standIn.HttpUrl,
            ["AWS_ENDPOINT_URL_S3"] = gate.Endpoint,
        }, "--sdk-log", "--put-object", $"{S3rver.Bucket}/irsa/billing.txt");
        var result = run.Result;

        // The lines docs/aws.md quotes from the SDK's debug log.
        Assert.Contains("ServiceURL configured from service specific environment variable: AWS_ENDPOINT_URL_STS.", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("New credentials created using assume role with web identity that expire at", run.Stderr, StringComparison.Ordinal);

        // The probe's chain and the S3 client's each fetch once, with the same request.
        var calls = standIn.To("/");
        Assert.NotEmpty(calls);
        Assert.All(calls, call => Assert.Equal(calls[0].Body, call.Body));
        var form = calls[0].Form;
        Assert.Equal("AssumeRoleWithWebIdentity", form["Action"]);
        Assert.Equal(RoleArn, form["RoleArn"]);

        // No AWS_ROLE_SESSION_NAME is injected (as with the EKS webhook): AWSSDK.Core 4.1 names the session with a GUID.
        Assert.Null(view.Env("AWS_ROLE_SESSION_NAME"));
        Assert.Matches(new Regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"), form["RoleSessionName"]);

        // The token STS received is the file the volume projected, signed for the volume's audience and lifetime.
        Assert.Equal(view.ReadFile(view.Env("AWS_WEB_IDENTITY_TOKEN_FILE")!), form["WebIdentityToken"]);
        var claims = tokens.Verify(form["WebIdentityToken"]);
        Assert.Equal("sts.amazonaws.com", (string)claims["aud"]![0]!);
        Assert.Equal("system:serviceaccount:payments:billing", (string)claims["sub"]!);
        Assert.Equal(86400, (long)claims["exp"]! - (long)claims["iat"]!);

        Assert.Equal("AssumeRoleWithWebIdentityCredentials", (string)result["source"]!);
        Assert.Equal(StsStandIn.SessionToken, (string)result["sessionToken"]!);

        // The S3 call was signed with the secret and session token STS handed out (the gate recomputes SigV4)...
        var put = Assert.Single(gate.Requests);
        Assert.Null(put.Problem);
        Assert.Equal(("PUT", S3rver.AccessKey, StsStandIn.SessionToken), (put.Method, put.AccessKey, put.SecurityToken));
        Assert.Equal(200, (int)result["s3"]!["status"]!);

        // ...and s3rver stored it.
        using var client = s3.CreateClient();
        using var stored = await client.GetObjectAsync(S3rver.Bucket, "irsa/billing.txt");
        using var reader = new StreamReader(stored.ResponseStream);
        Assert.Equal(S3rver.AccessKey, await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task A_container_with_its_own_access_keys_gets_the_users_keys_and_never_calls_STS()
    {
        var pod = Pod + """

                env:
                - name: AWS_ACCESS_KEY_ID
                  value: AKIAUSEROWNKEY
                - name: AWS_SECRET_ACCESS_KEY
                  value: user-own-secret
            """;
        var mutated = PodMutation.Run(pod, ServiceAccount, Configuration);
        using var view = ContainerView.Materialize(mutated, "app", tokens);

        var result = (await ContainerProcess.RunAsync(view, "aws", new Dictionary<string, string> { ["AWS_ENDPOINT_URL_STS"] = standIn.HttpUrl })).Result;

        // Static keys are not in the role group, so ours is injected too; the chain's environment step comes first.
        Assert.Equal(RoleArn, view.Env("AWS_ROLE_ARN"));
        Assert.Equal("EnvironmentVariablesAWSCredentials", (string)result["source"]!);
        Assert.Equal("AKIAUSEROWNKEY", (string)result["accessKeyId"]!);
        Assert.Equal("user-own-secret", (string)result["secretAccessKey"]!);
        Assert.Empty(standIn.Requests);
    }
}
