using Microsoft.Extensions.Options;

namespace PodIdentity.Webhook.Tls;

/// <summary>The <c>Tls</c> configuration section.</summary>
public sealed class TlsOptions
{
    public const string Section = "Tls";

    /// <summary>Folder holding <c>tls.crt</c> and <c>tls.key</c> (PEM), as cert-manager's Secret volume mounts them.</summary>
    public string CertDirectory { get; set; } = "/etc/webhook/certs";

    /// <summary>HTTP/2 is off by default (CVE-2023-44487, rapid reset); the API server speaks HTTP/1.1 fine.</summary>
    public bool EnableHttp2 { get; set; }

    /// <summary>How often the certificate files are re-read and compared.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);
}

internal sealed class TlsOptionsValidator : IValidateOptions<TlsOptions>
{
    public ValidateOptionsResult Validate(string? name, TlsOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.CertDirectory))
        {
            failures.Add("Tls:CertDirectory is empty: expected the folder holding tls.crt and tls.key, e.g. /etc/webhook/certs");
        }

        if (options.ReloadInterval < TimeSpan.FromMilliseconds(50) || options.ReloadInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"Tls:ReloadInterval {options.ReloadInterval} is invalid: expected a duration between 00:00:00.05 and 01:00:00, e.g. 00:00:10");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
