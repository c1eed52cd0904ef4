using System.Globalization;

namespace PodIdentity.Core.Validation;

/// <summary>Parsing shared by providers, kept identical to what users of the EKS webhook rely on.</summary>
public static class Annotations
{
    public const long MinimumTokenExpirationSeconds = 600;

    /// <summary>The TokenRequest API rejects 2^32 seconds and above.</summary>
    public const long MaximumTokenExpirationSeconds = uint.MaxValue;

    public const string SecondsExpected = "a whole number of seconds, e.g. \"3600\" (values below 600 are raised to 600)";

    public const string AudienceExpected = "a non-empty audience without spaces, e.g. \"sts.amazonaws.com\"";

    public const string BooleanExpected = "\"true\" or \"false\"";

    public static string? Get(IReadOnlyDictionary<string, string> annotations, string key) =>
        annotations.TryGetValue(key, out var value) ? value : null;

    public static bool IsSeconds(string value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds) && seconds <= MaximumTokenExpirationSeconds;

    public static bool IsAudience(string value) => value.Length > 0 && !value.AsSpan().ContainsAny(" \t\r\n");

    /// <summary>Go's strconv.ParseBool spellings, because the EKS webhook accepts them.</summary>
    public static bool? ParseBool(string? value) => value switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => null,
    };

    public static bool IsBool(string value) => ParseBool(value) is not null;

    /// <summary>The ServiceAccount's lifetime annotation, else the configured default; never below 600 s.</summary>
    public static long ServiceAccountExpiration(ServiceAccountAnnotations serviceAccount, string key, long configured) =>
        ClampExpiration(serviceAccount.Get(key) is { } raw ? long.Parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : configured);

    /// <summary>
    /// A pod's own lifetime annotation: a pod may raise (or lower) its ServiceAccount's lifetime, as with the EKS
    /// webhook, but only up to <paramref name="maxPodSeconds"/> and never below 600 s. Null when the pod has none;
    /// <paramref name="problem"/> says why when its value is not a number of seconds.
    /// </summary>
    public static long? PodExpiration(IReadOnlyDictionary<string, string> pod, string key, long maxPodSeconds, string podSubject, out string? problem)
    {
        problem = null;
        if (!pod.TryGetValue(key, out var raw))
        {
            return null;
        }

        if (!IsSeconds(raw))
        {
            problem = AnnotationValidator.Invalid(podSubject, key, raw, "expected " + SecondsExpected);
            return null;
        }

        var asked = long.Parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return Math.Clamp(asked, MinimumTokenExpirationSeconds, Math.Max(MinimumTokenExpirationSeconds, maxPodSeconds));
    }

    public static long ClampExpiration(long seconds) => Math.Clamp(seconds, MinimumTokenExpirationSeconds, MaximumTokenExpirationSeconds);

    /// <summary>Comma-separated container names with spaces trimmed; empty entries ignored.</summary>
    public static IReadOnlySet<string> SkipContainers(IReadOnlyDictionary<string, string> pod, string key)
    {
        if (Get(pod, key) is not { Length: > 0 } raw)
        {
            return EmptySet;
        }

        return raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    }

    private static readonly HashSet<string> EmptySet = [];
}
