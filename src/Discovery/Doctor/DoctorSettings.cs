using PodIdentity.Discovery.Http;
using PodIdentity.Discovery.Source;

namespace PodIdentity.Discovery.Doctor;

internal sealed record DoctorSettings(string Issuer)
{
    public string? Audience { get; init; }
    public string? TokenFile { get; init; }

    /// <summary>Reads the API server's own documents; null when no cluster credentials were given or found.</summary>
    public Func<CancellationToken, Task<ApiServerDocuments>>? ApiServer { get; init; }

    public PublicHttpSettings Http { get; init; } = new();

    /// <summary>AWS IAM gives up on a JWKS fetch after 5 s.</summary>
    public TimeSpan SlowThreshold { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan ExpiryWarning { get; init; } = TimeSpan.FromDays(14);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Largest discovery document or JWKS body read from the issuer or a foreign jwks_uri.</summary>
    public int MaxBodyBytes { get; init; } = BoundedBody.DefaultLimitBytes;
}
