using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PodIdentity.Core.Pods;

namespace PodIdentity.Core.Providers.Azure;

/// <summary>
/// Azure workload identity's fixed names and values (Azure/azure-workload-identity pkg/webhook/consts.go, v1.6),
/// parsing of its annotations, and the user-facing "what a valid value looks like" texts.
/// </summary>
public static partial class AzureWorkloadIdentity
{
    public const string Prefix = "azure.workload.identity";
    public const string UseLabel = ProviderLabels.AzureWorkloadIdentityUse;
    public const string ClientIdAnnotation = Prefix + "/client-id";
    public const string TenantIdAnnotation = Prefix + "/tenant-id";
    public const string TokenExpirationAnnotation = Prefix + "/service-account-token-expiration";
    public const string SkipContainersAnnotation = Prefix + "/skip-containers";
    public const string InjectProxySidecarAnnotation = Prefix + "/inject-proxy-sidecar";

    public const string ClientIdVariable = "AZURE_CLIENT_ID";
    public const string TenantIdVariable = "AZURE_TENANT_ID";
    public const string TokenFileVariable = "AZURE_FEDERATED_TOKEN_FILE";
    public const string AuthorityHostVariable = "AZURE_AUTHORITY_HOST";

    public const string DefaultAudience = "api://AzureADTokenExchange";
    public const string VolumeNamePrefix = "azure-workload-identity-reserved-";
    public const string MountPath = "/var/run/secrets/azure/wi";
    public const string TokenPath = "token/azure-identity-token";
    public const string TokenFile = MountPath + "/" + TokenPath;

    public const long MinimumTokenExpirationSeconds = 3600;
    public const long MaximumTokenExpirationSeconds = 86400;
    public const long DefaultTokenExpirationSeconds = 3600;

    /// <summary>Volume names are DNS labels: at most 63 characters, the prefix's included.</summary>
    private const int VolumeNameLength = 63;

    public const string GuidExample = "6f1f8a2c-3b4d-4e5f-9a0b-1c2d3e4f5a6b";

    public const string ClientIdExpected =
        "the application (client) ID of the Microsoft Entra app registration or user-assigned managed identity, a GUID such as \"" + GuidExample + "\"";

    public const string TenantIdExpected =
        "the Microsoft Entra tenant (directory) ID, a GUID such as \"72f988bf-86f1-41af-91ab-2d7cd011db47\", or a tenant domain such as \"contoso.onmicrosoft.com\"";

    public const string TokenExpirationExpected =
        "a whole number of seconds from 3600 to 86400 (the range Azure's webhook accepts), e.g. \"3600\"";

    public const string AuthorityHostExpected =
        "an absolute https URL of the Microsoft Entra endpoint, e.g. \"" + AzureOptions.PublicCloudAuthorityHost + "\" " +
        "(Azure China: \"https://login.chinacloudapi.cn/\", Azure US Government: \"https://login.microsoftonline.us/\")";

    // A verified or initial domain of the tenant (contoso.onmicrosoft.com, contoso.com).
    [GeneratedRegex(@"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TenantDomain();

    /// <summary>A GUID in its usual 8-4-4-4-12 form, either case, as the Azure portal and CLI print it.</summary>
    public static bool IsGuid(string value) => value.Length == 36 && Guid.TryParseExact(value, "D", out _);

    public static bool IsClientId(string value) => IsGuid(value);

    public static bool IsTenantId(string value) => IsGuid(value) || (value.Length <= 253 && TenantDomain().IsMatch(value));

    public static bool IsTokenExpiration(long seconds) => seconds is >= MinimumTokenExpirationSeconds and <= MaximumTokenExpirationSeconds;

    /// <summary>
    /// Azure's webhook reads a missing and an empty expiration annotation alike; otherwise the value is parsed as
    /// Go's strconv.ParseInt does (an optional sign, decimal digits) and must lie in Azure's range.
    /// </summary>
    public static bool IsTokenExpirationAnnotation(string value) =>
        value.Length == 0 || (ParseSeconds(value) is { } seconds && IsTokenExpiration(seconds));

    /// <summary>The pod's annotation, else the ServiceAccount's, else <paramref name="configured"/>; values already validated.</summary>
    public static long TokenExpiration(IReadOnlyDictionary<string, string> pod, IReadOnlyDictionary<string, string> serviceAccount, long configured) =>
        NonEmpty(pod, TokenExpirationAnnotation) is { } onPod ? ParseSeconds(onPod)!.Value
        : NonEmpty(serviceAccount, TokenExpirationAnnotation) is { } onServiceAccount ? ParseSeconds(onServiceAccount)!.Value
        : configured;

    public static bool IsAuthorityHost(string value) =>
        !value.AsSpan().ContainsAny(" \t\r\n")
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttps
        && uri.Host.Length > 0
        && uri.Query.Length == 0
        && uri.Fragment.Length == 0;

    /// <summary>
    /// Azure's skip list: container names separated by ';', spaces trimmed. A ',' can never be part of a
    /// container name, so a value with one is reported rather than silently matching nothing.
    /// </summary>
    public static IReadOnlySet<string> SkipContainers(string? value) =>
        string.IsNullOrEmpty(value)
            ? NoContainers
            : value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The token volume's name as Azure's webhook builds it: its prefix and the first hex digits of the SHA-256 of
    /// the pod name (for a pod that only has a generateName, that name followed by " (prefix)"). Same pod, same
    /// name: a reinvocation, or a pod Azure's own webhook already mutated, finds its volume and mounts.
    /// </summary>
    public static string VolumeName(Pod pod)
    {
        var podName = pod.Name is { Length: > 0 } name ? name : pod.GenerateName + " (prefix)";
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(podName), hash);
        return VolumeNamePrefix + Convert.ToHexStringLower(hash)[..(VolumeNameLength - VolumeNamePrefix.Length)];
    }

    private static readonly HashSet<string> NoContainers = [];

    private static string? NonEmpty(IReadOnlyDictionary<string, string> annotations, string key) =>
        annotations.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    private static long? ParseSeconds(string value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
}
