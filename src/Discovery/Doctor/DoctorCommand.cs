using PodIdentity.Discovery.Source;

namespace PodIdentity.Discovery.Doctor;

/// <summary>`doctor`: no web host, just the checks and a table; exit 1 when anything failed.</summary>
internal static class DoctorCommand
{
    public static async Task<int> RunAsync(CommandLineRequest request, TextWriter output, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddDiscoveryConfiguration(request)
            .Build();
        var kubeconfig = configuration["Discovery:Kubeconfig"];
        var settings = new DoctorSettings(request.Issuer!)
        {
            Audience = request.Audience,
            TokenFile = request.TokenFile,
            ApiServer = HasClusterCredentials(kubeconfig) ? ct => ReadApiServerAsync(kubeconfig, ct) : null,
        };
        return await RunAsync(settings, output, cancellationToken);
    }

    public static async Task<int> RunAsync(DoctorSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var findings = await new DoctorRunner(settings).RunAsync(cancellationToken);
        FindingTable.Write(output, findings);
        return findings.Any(f => f.Status == FindingStatus.Fail) ? 1 : 0;
    }

    public static async Task<ApiServerDocuments> ReadApiServerAsync(string? kubeconfig, CancellationToken cancellationToken)
    {
        using var client = KubernetesClientFactory.Create(kubeconfig);
        var discovery = await k8s.WellKnownOperationsExtensions.GetServiceAccountIssuerOpenIDConfigurationAsync(client.WellKnown, cancellationToken);
        var jwks = await k8s.OpenidOperationsExtensions.GetServiceAccountIssuerOpenIDKeysetAsync(client.Openid, cancellationToken);
        return new ApiServerDocuments(discovery, jwks);
    }

    private static bool HasClusterCredentials(string? kubeconfig) =>
        !string.IsNullOrEmpty(kubeconfig)
        || k8s.KubernetesClientConfiguration.IsInCluster()
        || File.Exists(Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } env ? env.Split(Path.PathSeparator)[0] : k8s.KubernetesClientConfiguration.KubeConfigDefaultLocation);
}
