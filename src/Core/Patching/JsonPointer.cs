namespace PodIdentity.Core.Patching;

/// <summary>RFC 6901 escaping for keys such as "cloud.google.com/external-account".</summary>
public static class JsonPointer
{
    public static string Escape(string token) =>
        token.AsSpan().IndexOfAny('~', '/') < 0 ? token : token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
