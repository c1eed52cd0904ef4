using System.Globalization;
using System.Text.RegularExpressions;

namespace PodIdentity.Core.Providers.RolesAnywhere;

/// <summary>A trust anchor or profile ARN: arn:&lt;partition&gt;:rolesanywhere:&lt;region&gt;:&lt;account&gt;:&lt;type&gt;/&lt;uuid&gt;.</summary>
public sealed partial record RolesAnywhereArn(string Partition, string Region, string Account, string ResourceType, string Id)
{
    public const string TrustAnchor = "trust-anchor";

    public const string Profile = "profile";

    public const string TrustAnchorExample = "arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/0c9f5b4e-1d2a-4b3c-8e7f-6a5b4c3d2e1f";

    public const string ProfileExample = "arn:aws:rolesanywhere:us-east-1:111122223333:profile/7e3d2c1b-5a4f-4e3d-9c2b-1a0f9e8d7c6b";

    public const string TrustAnchorExpected =
        "a Roles Anywhere trust anchor ARN arn:<partition>:rolesanywhere:<region>:<12-digit account id>:trust-anchor/<id>, e.g. " + TrustAnchorExample;

    public const string ProfileExpected =
        "a Roles Anywhere profile ARN arn:<partition>:rolesanywhere:<region>:<12-digit account id>:profile/<id>, e.g. " + ProfileExample;

    /// <summary>Values the helper passes to CreateSession as durationSeconds (IAM Roles Anywhere: 900 to 43200).</summary>
    public const long MinimumSessionSeconds = 900;

    public const long MaximumSessionSeconds = 43200;

    public const string SessionDurationExpected =
        "a whole number of seconds from 900 to 43200 (the role session IAM Roles Anywhere vends), e.g. \"3600\"";

    // Trust anchor and profile ids are UUIDs; partitions and regions as in every other AWS ARN.
    [GeneratedRegex(
        @"^arn:(?<partition>aws(-[a-z]+)*):rolesanywhere:(?<region>[a-z]{2}(-[a-z]+)+-\d+):(?<account>\d{12}):(?<type>trust-anchor|profile)/(?<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Pattern();

    public static RolesAnywhereArn? Parse(string value, string resourceType)
    {
        var match = Pattern().Match(value);
        if (!match.Success || match.Groups["type"].Value != resourceType)
        {
            return null;
        }

        return new RolesAnywhereArn(match.Groups["partition"].Value, match.Groups["region"].Value, match.Groups["account"].Value, resourceType, match.Groups["id"].Value);
    }

    public static bool IsTrustAnchor(string value) => Parse(value, TrustAnchor) is not null;

    public static bool IsProfile(string value) => Parse(value, Profile) is not null;

    /// <summary>Why a trust anchor ARN is invalid, as the text after "is invalid: " (a profile ARN in its place is the likely slip).</summary>
    public static string TrustAnchorProblem(string value) =>
        Parse(value, Profile) is not null
            ? "this is a profile ARN; expected " + TrustAnchorExpected
            : "expected " + TrustAnchorExpected;

    public static string ProfileProblem(string value) =>
        Parse(value, TrustAnchor) is not null
            ? "this is a trust anchor ARN; expected " + ProfileExpected
            : "expected " + ProfileExpected;

    public static bool IsSessionDuration(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && seconds is >= MinimumSessionSeconds and <= MaximumSessionSeconds;
}
