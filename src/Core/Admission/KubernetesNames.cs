namespace PodIdentity.Core.Admission;

/// <summary>
/// The name rules the API server itself applies (k8s.io/apimachinery validation): a ServiceAccount name
/// is a DNS-1123 subdomain, a namespace a DNS-1123 label. A name that breaks them names no object, so it
/// is never looked up: not in the cache, and never in a URL sent to the API server.
/// </summary>
public static class KubernetesNames
{
    public const int MaxSubdomainLength = 253;
    public const int MaxLabelLength = 63;

    public const string SubdomainExpected =
        "a DNS-1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, e.g. \"my-app\"";

    public const string LabelExpected =
        "a DNS-1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit, e.g. \"my-namespace\"";

    /// <summary>Lowercase alphanumerics, '-' and '.'; each dot-separated part a label (what IsDNS1123Subdomain accepts).</summary>
    public static bool IsSubdomain(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxSubdomainLength)
        {
            return false;
        }

        var span = name.AsSpan();
        while (true)
        {
            var dot = span.IndexOf('.');
            var label = dot < 0 ? span : span[..dot];
            if (!IsLabelText(label))
            {
                return false;
            }

            if (dot < 0)
            {
                return true;
            }

            span = span[(dot + 1)..];
        }
    }

    public static bool IsLabel(string? name) => !string.IsNullOrEmpty(name) && name.Length <= MaxLabelLength && IsLabelText(name);

    private static bool IsLabelText(ReadOnlySpan<char> label)
    {
        if (label.IsEmpty || !IsAlphanumeric(label[0]) || !IsAlphanumeric(label[^1]))
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!IsAlphanumeric(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}
