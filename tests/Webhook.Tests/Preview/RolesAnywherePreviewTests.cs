using PodIdentity.Webhook.Preview;

namespace PodIdentity.Webhook.Tests.Preview;

/// <summary><c>preview</c> for deploy/examples/rolesanywhere, with the provider switched on as the chart's rolesAnywhere.enabled does.</summary>
public sealed class RolesAnywherePreviewTests
{
    private static readonly string ServiceAccount = Path.Combine(RepositoryPaths.Root, "deploy", "examples", "rolesanywhere", "serviceaccount.yaml");

    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: billing-1
          namespace: payments
        spec:
          serviceAccountName: billing
          containers:
            - name: app
              image: amazon/aws-cli:2.17.0
        """;

    [Fact]
    public void Example_previews_mutated_only_when_enabled_and_the_mutated_pod_previews_to_an_empty_patch()
    {
        var pod = Temp(Pod);
        try
        {
            var (offExit, offPatch, _) = Run("--pod", pod, "--service-account", ServiceAccount, "-o", "patch");
            var (exit, mutated, stderr) = Run("--pod", pod, "--service-account", ServiceAccount, "--RolesAnywhere:Enabled", "true");

            Assert.Equal((PreviewCommand.Allowed, "[]\n"), (offExit, offPatch));
            Assert.True(exit == PreviewCommand.Allowed, stderr);
            Assert.Contains("rolesanywhere.amazonaws.com/aws-config: |", mutated, StringComparison.Ordinal);
            Assert.Contains("credential_process = /var/run/secrets/rolesanywhere.amazonaws.com/helper/aws_signing_helper credential-process", mutated, StringComparison.Ordinal);
            Assert.Contains("name: rolesanywhere-signing-helper", mutated, StringComparison.Ordinal);
            Assert.Contains("secretName: billing-rolesanywhere", mutated, StringComparison.Ordinal);

            var again = Temp(mutated);
            try
            {
                var (againExit, againPatch, _) = Run("--pod", again, "--service-account", ServiceAccount, "-o", "patch", "--RolesAnywhere:Enabled", "true");
                Assert.Equal((PreviewCommand.Allowed, "[]\n"), (againExit, againPatch));
            }
            finally
            {
                File.Delete(again);
            }
        }
        finally
        {
            File.Delete(pod);
        }
    }

    [Fact]
    public void Bad_setting_exits_2_naming_the_key()
    {
        var pod = Temp(Pod);
        try
        {
            var (exit, _, stderr) = Run("--pod", pod, "--service-account", ServiceAccount, "--RolesAnywhere:Enabled", "true", "--RolesAnywhere:HelperDelivery", "Sidecar");

            Assert.Equal(PreviewCommand.BadInput, exit);
            Assert.Contains("RolesAnywhere:HelperDelivery \"Sidecar\" is invalid: expected \"InitContainer\"", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pod);
        }
    }

    private static string Temp(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"preview-rolesanywhere-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, content);
        return path;
    }

    private static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = PreviewCommand.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
