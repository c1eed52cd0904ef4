namespace PodIdentity.Discovery.Doctor;

internal enum FindingStatus
{
    Pass,
    Warn,
    Fail,
    Skip,
}

/// <summary>One known failure mode, by name, with what was seen and how to fix it.</summary>
internal sealed record Finding(string Name, FindingStatus Status, string Detail, string Fix = "")
{
    public static Finding Pass(string name, string detail) => new(name, FindingStatus.Pass, detail);
    public static Finding Skip(string name, string reason) => new(name, FindingStatus.Skip, reason);
}

/// <summary>The names doctor reports; tests, docs and users grep for these.</summary>
internal static class FindingNames
{
    public const string IssuerNotHttps = nameof(IssuerNotHttps);
    public const string IssuerHasPort = nameof(IssuerHasPort);
    public const string IssuerHasQueryOrFragment = nameof(IssuerHasQueryOrFragment);
    public const string DiscoveryNotPublic = nameof(DiscoveryNotPublic);
    public const string DiscoveryUnreachable = nameof(DiscoveryUnreachable);
    public const string TlsUntrusted = nameof(TlsUntrusted);
    public const string TlsExpiring = nameof(TlsExpiring);
    public const string IssuerMismatch = nameof(IssuerMismatch);
    public const string JwksUriNotUnderIssuer = nameof(JwksUriNotUnderIssuer);
    public const string JwksUnreachable = nameof(JwksUnreachable);
    public const string JwksSlow = nameof(JwksSlow);
    public const string JwksEmpty = nameof(JwksEmpty);
    public const string KeyFieldsMissing = nameof(KeyFieldsMissing);
    public const string X5cPresent = nameof(X5cPresent);
    public const string ApiServerUnreachable = nameof(ApiServerUnreachable);
    public const string ApiServerIssuerMismatch = nameof(ApiServerIssuerMismatch);
    public const string StaleKeys = nameof(StaleKeys);
    public const string TokenUnreadable = nameof(TokenUnreadable);
    public const string TokenIssuerMismatch = nameof(TokenIssuerMismatch);
    public const string TokenAudienceMismatch = nameof(TokenAudienceMismatch);
    public const string TokenKidUnknown = nameof(TokenKidUnknown);
    public const string TokenSignatureInvalid = nameof(TokenSignatureInvalid);
    public const string TokenExpired = nameof(TokenExpired);
}
