using System.Text.RegularExpressions;

namespace PodIdentity.Core.Providers.ContainerCredentials;

/// <summary>What the container-credentials values may look like; the org id and region land in env and URLs.</summary>
public static partial class ContainerCredentialsFormats
{
    public const string OrgIdExpected =
        "a CoreWeave organization id: lowercase letters, digits and '-', starting with a letter or digit, at most 63 characters, e.g. \"cw1234\"";

    public const string InjectExpected = "\"true\" or \"false\"";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex OrgIdPattern();

    /// <summary>CoreWeave zones (US-EAST-04A) and AWS regions (us-west-2).</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabelPattern();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsSubdomainPattern();

    public static bool IsOrgId(string value) => OrgIdPattern().IsMatch(value);

    /// <summary>Only the exact words: "yes", "1" or "True" are refused, so a typo never silently injects.</summary>
    public static bool IsInjectValue(string value) => value is "true" or "false";

    public static bool IsRegion(string value) => RegionPattern().IsMatch(value);

    /// <summary>Volume names (RFC 1123 label).</summary>
    public static bool IsDnsLabel(string value) => DnsLabelPattern().IsMatch(value);

    /// <summary>ConfigMap names (RFC 1123 subdomain).</summary>
    public static bool IsDnsSubdomain(string value) => value.Length <= 253 && DnsSubdomainPattern().IsMatch(value);

    /// <summary>Absolute http or https URL with a host and nothing that would not survive in an env var.</summary>
    public static bool IsHttpUrl(string value) =>
        !value.AsSpan().ContainsAny(" \t\r\n")
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0;

    /// <summary>An absolute path of a file inside a directory other than "/", e.g. /var/run/secrets/tokens/oidc-token.</summary>
    public static bool IsTokenPath(string value) =>
        value.StartsWith('/') && !value.EndsWith('/') && value.LastIndexOf('/') > 0 && !value.Contains("//", StringComparison.Ordinal);

    public static bool IsMountPath(string value) => value.StartsWith('/') && value.TrimEnd('/').Length > 0;

    /// <summary>The token volume's mount path: the directory part of the token file path.</summary>
    public static string TokenDirectory(string tokenPath) => tokenPath[..tokenPath.LastIndexOf('/')];
}
