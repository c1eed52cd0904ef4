namespace PodIdentity.Discovery;

internal enum DiscoveryCommand
{
    Serve,
    Publish,
    Doctor,
}

/// <summary>What the user asked for on the command line; configuration overrides travel separately.</summary>
internal sealed record CommandLineRequest(
    DiscoveryCommand Command,
    bool S3 = false,
    bool Once = false,
    string? GcsJwksFile = null,
    string? Kubeconfig = null,
    string? Issuer = null,
    string? Audience = null,
    string? TokenFile = null)
{
    /// <summary>`--Discovery:Issuer value` style overrides, applied after appsettings.json and env vars.</summary>
    public IReadOnlyDictionary<string, string?> ConfigurationOverrides { get; init; } = new Dictionary<string, string?>();
}
