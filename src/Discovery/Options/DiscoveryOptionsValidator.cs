using Microsoft.Extensions.Options;

namespace PodIdentity.Discovery.Options;

/// <summary>Each message names the key and shows a valid value, because the process exits with it.</summary>
internal sealed class DiscoveryOptionsValidator(CommandLineRequest request) : IValidateOptions<DiscoveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscoveryOptions options)
    {
        var errors = new List<string>();
        var issuerProblem = IssuerRules.Problem(options.Issuer);
        if (issuerProblem is not null)
        {
            errors.Add($"Discovery:Issuer {issuerProblem}; example: Discovery:Issuer=https://oidc.example.com/my-cluster");
        }

        if (options.Port is < 0 or > 65535)
        {
            errors.Add($"Discovery:Port is {options.Port}; it must be 1-65535, example: Discovery:Port=8080");
        }

        if (options.Interval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"Discovery:Interval is {options.Interval}; it must be at least 1 second, example: Discovery:Interval=00:01:00");
        }

        if (options.KeyRetention < TimeSpan.Zero)
        {
            errors.Add($"Discovery:KeyRetention is {options.KeyRetention}; it must not be negative, example: Discovery:KeyRetention=1.00:05:00");
        }

        if (request.S3)
        {
            if (string.IsNullOrWhiteSpace(options.S3.Bucket))
            {
                errors.Add("Discovery:S3:Bucket is required with --s3; example: Discovery:S3:Bucket=my-oidc-bucket");
            }

            if (!string.IsNullOrEmpty(options.S3.Endpoint)
                && !(Uri.TryCreate(options.S3.Endpoint, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"))
            {
                errors.Add($"Discovery:S3:Endpoint is \"{options.S3.Endpoint}\"; it must be an absolute http(s) URL, example: Discovery:S3:Endpoint=https://s3.us-east-1.amazonaws.com");
            }

            if (options.S3.Prefix is { Length: > 0 } prefix && (prefix.StartsWith('/') || !prefix.EndsWith('/')))
            {
                errors.Add($"Discovery:S3:Prefix is \"{prefix}\"; it must not start with '/' and must end with '/', example: Discovery:S3:Prefix=my-cluster/");
            }
        }

        if (options.Resilience.RetryAttempts < 0 || options.Resilience.AttemptTimeout <= TimeSpan.Zero)
        {
            errors.Add("Discovery:Resilience:RetryAttempts must be >= 0 and Discovery:Resilience:AttemptTimeout > 0; example: Discovery:Resilience:RetryAttempts=3, Discovery:Resilience:AttemptTimeout=00:00:10");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Rules every cloud applies to an OIDC issuer URL.</summary>
internal static class IssuerRules
{
    /// <summary>Null when the issuer is acceptable, else what is wrong with it.</summary>
    public static string? Problem(string? issuer)
    {
        if (string.IsNullOrWhiteSpace(issuer))
        {
            return "is required (the public issuer URL, equal to the API server's --service-account-issuer)";
        }

        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri))
        {
            return $"is \"{issuer}\", which is not an absolute URL";
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            return $"is \"{issuer}\"; it must use https (clouds refuse other schemes)";
        }

        if (!uri.IsDefaultPort)
        {
            return $"is \"{issuer}\"; it must not have a port (AWS and GCP accept only 443)";
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || issuer.Contains('?', StringComparison.Ordinal) || issuer.Contains('#', StringComparison.Ordinal))
        {
            return $"is \"{issuer}\"; it must not have a query or fragment";
        }

        return null;
    }
}
