using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PodIdentity.Acceptance.Tests.Harness;

namespace PodIdentity.Acceptance.Tests.RolesAnywhere;

/// <summary>
/// IAM Roles Anywhere: the AWS SDK for .NET loads the AWS config file the pod sees (AWS_CONFIG_FILE,
/// AWS_PROFILE), runs its credential_process (the signing helper, here a stand-in at the injected path that
/// checks its arguments and files) and must return exactly the credentials the helper printed.
/// </summary>
public sealed class RolesAnywhereTests : IDisposable
{
    private const string TrustAnchorArn = "arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/0c9f5b4e-1d2a-4b3c-8e7f-6a5b4c3d2e1f";
    private const string ProfileArn = "arn:aws:rolesanywhere:us-east-1:111122223333:profile/7e3d2c1b-5a4f-4e3d-9c2b-1a0f9e8d7c6b";
    private const string RoleArn = "arn:aws:iam::111122223333:role/billing";
    private const string HelperMountPath = "/var/run/secrets/rolesanywhere.amazonaws.com/helper";
    private const string CertificateMountPath = "/var/run/secrets/rolesanywhere.amazonaws.com/certificate";

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

    private static readonly Dictionary<string, string?> Configuration = new() { ["RolesAnywhere:Enabled"] = "true" };

    private readonly ServiceAccountTokens tokens = new();

    public void Dispose() => tokens.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("7200")]
    public async Task The_default_chain_runs_the_injected_credential_process_and_returns_what_the_helper_printed(string? sessionDuration)
    {
        var (certificatePem, keyPem) = ClientCertificate("billing.payments");
        var mutated = PodMutation.Run(Pod, ServiceAccount(sessionDuration), Configuration);
        var objects = new ClusterObjects();
        objects.Secrets["billing-rolesanywhere"] = new Dictionary<string, string>
        {
            ["tls.crt"] = certificatePem,
            ["tls.key"] = keyPem,
            ["ca.crt"] = certificatePem,
        };
        using var view = ContainerView.Materialize(mutated, "app", tokens, objects);

        // What the copier init container does with the real helper: put it in the shared emptyDir.
        var helperPath = HelperMountPath + "/aws_signing_helper";
        Assert.Equal(["/bin/cp", "/aws_signing_helper", helperPath], mutated.Container("rolesanywhere-signing-helper").Command);
        var helperDirectory = view.Mounts.Single(m => m.ContainerPath == HelperMountPath);
        Assert.True(helperDirectory.ReadOnly);
        var expected =
            $"credential-process --certificate {CertificateMountPath}/tls.crt --private-key {CertificateMountPath}/tls.key " +
            $"--trust-anchor-arn {TrustAnchorArn} --profile-arn {ProfileArn} --role-arn {RoleArn}" +
            (sessionDuration is null ? "" : $" --session-duration {sessionDuration}");
        SigningHelperStandIn.Write(Path.Combine(helperDirectory.HostPath, "aws_signing_helper"), expected, certificatePem, keyPem, DateTimeOffset.UtcNow.AddHours(1));

        // The SDK starts credential_process through `sh -c`, found on the PATH the container runtime sets
        // (the image's, or containerd's default): the one variable the test adds.
        var run = await ContainerProcess.RunAsync(view, "aws", new Dictionary<string, string>
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        });
        var result = run.Result;

        Assert.Equal("/var/run/secrets/rolesanywhere.amazonaws.com/aws-config/config", view.Env("AWS_CONFIG_FILE"));
        Assert.Equal("rolesanywhere", view.Env("AWS_PROFILE"));
        Assert.Equal("ProcessAWSCredentials", (string)result["source"]!);
        Assert.Equal(SigningHelperStandIn.AccessKeyId, (string)result["accessKeyId"]!);
        Assert.Equal(SigningHelperStandIn.SecretAccessKey, (string)result["secretAccessKey"]!);
        Assert.Equal(SigningHelperStandIn.SessionToken, (string)result["sessionToken"]!);
    }

    private static string ServiceAccount(string? sessionDuration) => $"""
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: billing
          namespace: payments
          annotations:
            rolesanywhere.amazonaws.com/trust-anchor-arn: {TrustAnchorArn}
            rolesanywhere.amazonaws.com/profile-arn: {ProfileArn}
            rolesanywhere.amazonaws.com/role-arn: {RoleArn}
            rolesanywhere.amazonaws.com/certificate-secret: billing-rolesanywhere
        """ + (sessionDuration is null ? "" : $"\n    rolesanywhere.amazonaws.com/session-duration: \"{sessionDuration}\"");

    /// <summary>An end-entity certificate as the guide's Certificate makes it: RSA 2048, PKCS#1 key, client auth.</summary>
    private static (string Certificate, string Key) ClientCertificate(string commonName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        return (certificate.ExportCertificatePem() + "\n", key.ExportRSAPrivateKeyPem() + "\n");
    }
}
