namespace PodIdentity.Discovery.Options;

/// <summary>Bound from the "Discovery" configuration section; the Helm chart uses exactly these keys.</summary>
internal sealed class DiscoveryOptions
{
    public const string Section = "Discovery";

    /// <summary>The public issuer URL; must equal the API server's --service-account-issuer exactly.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>Plain-HTTP port for the documents (serve), /healthz and /metrics.</summary>
    public int Port { get; set; } = 8080;

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a key that left the API server stays published: max token lifetime (24 h) + cache age.</summary>
    public TimeSpan KeyRetention { get; set; } = new(1, 0, 5, 0);

    public bool PublicUrlCheck { get; set; } = true;

    /// <summary>Kubeconfig path (from --kubeconfig); empty means in-cluster, else KUBECONFIG / ~/.kube/config.</summary>
    public string? Kubeconfig { get; set; }

    public S3TargetOptions S3 { get; set; } = new();

    public ResilienceSettings Resilience { get; set; } = new();
}

internal sealed class S3TargetOptions
{
    public string? Bucket { get; set; }
    public string? Prefix { get; set; }
    public string? Endpoint { get; set; }
    public string? Region { get; set; }
    public bool ForcePathStyle { get; set; }
}

/// <summary>Polly settings for API server and S3 calls; defaults suit production, tests shorten them.</summary>
internal sealed class ResilienceSettings
{
    public int RetryAttempts { get; set; } = 3;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
