using System.Globalization;
using PodIdentity.Core.Mutation;

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

    public static string? Get(IDictionary<string, string> annotations, string key) =>
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

    /// <summary>
    /// Pod annotation (at most <see cref="InjectionContext.MaxPodTokenExpirationSeconds"/>: a pod may raise the
    /// lifetime, as with the EKS webhook, but only that far), else ServiceAccount annotation, else the configured
    /// default; never below 600 s.
    /// </summary>
    public static long TokenExpiration(InjectionContext context, string key, long configured)
    {
        if (Get(context.PodAnnotations, key) is { } podValue)
        {
            var asked = long.Parse(podValue, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return Math.Clamp(asked, MinimumTokenExpirationSeconds, Math.Max(MinimumTokenExpirationSeconds, context.MaxPodTokenExpirationSeconds));
        }

        var raw = Get(context.ServiceAccountAnnotations, key);
        var seconds = raw is null ? configured : long.Parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return ClampExpiration(seconds);
    }

    public static long ClampExpiration(long seconds) => Math.Clamp(seconds, MinimumTokenExpirationSeconds, MaximumTokenExpirationSeconds);

    /// <summary>Comma-separated container names with spaces trimmed; empty entries ignored.</summary>
    public static IReadOnlySet<string> SkipContainers(IDictionary<string, string> pod, string key)
    {
        if (Get(pod, key) is not { Length: > 0 } raw)
        {
            return EmptySet;
        }

        return raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    }

    private static readonly HashSet<string> EmptySet = [];
}
