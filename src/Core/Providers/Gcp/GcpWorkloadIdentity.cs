using System.Globalization;
using System.Text.RegularExpressions;

namespace PodIdentity.Core.Providers.Gcp;

/// <summary>Parsing and the user-facing "what a valid value looks like" texts for the GCP annotations.</summary>
public static partial class GcpWorkloadIdentity
{
    public const string ProviderExample = "projects/123456789012/locations/global/workloadIdentityPools/my-pool/providers/my-provider";

    public const string ProviderExpected =
        "projects/<project number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>, e.g. " + ProviderExample;

    public const string EmailExpected =
        "a Google service account email such as my-app@my-project.iam.gserviceaccount.com, " +
        "or no annotation at all for direct resource access by the federated principal";

    public const string AudienceExpected =
        "a non-empty audience without spaces that the pool provider allows, e.g. \"//iam.googleapis.com/" + ProviderExample + "\"";

    public const string InjectionModeExpected = "\"direct\" or \"gcloud\"";

    public const string ProjectIdExpected =
        "a project id such as \"my-project\" (6 to 30 lowercase letters, digits and hyphens, starting with a letter) or a project number";

    public const long MinimumImpersonationLifetimeSeconds = 600;

    public const long MaximumImpersonationLifetimeSeconds = 43200;

    public const string ImpersonationLifetimeExpected = "a whole number of seconds from 600 to 43200, e.g. \"3600\"";

    public const string Direct = "direct";

    public const string Gcloud = "gcloud";

    /// <summary>Resource-name prefix STS expects in the credential configuration's audience.</summary>
    public const string ResourcePrefix = "//iam.googleapis.com/";

    // The full resource name (with "//" or "https://") or the relative one that gcloud prints.
    [GeneratedRegex(
        @"^(?:(?://|https://)iam\.googleapis\.com/)?(?<name>projects/(?<project>[^/]+)/locations/[a-z0-9-]+/workloadIdentityPools/[a-z0-9-]{4,32}/providers/[a-z0-9-]{4,32})$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ProviderPath();

    [GeneratedRegex(@"^[0-9]{1,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectNumber();

    // Project ids, also legacy domain-scoped ones ("example.com:my-project").
    [GeneratedRegex(@"^([a-z0-9][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectId();

    // User-managed (<name>@<project>.iam.gserviceaccount.com, domain-scoped projects included; the name is
    // checked loosely because older accounts predate today's 6-character minimum),
    // Compute Engine default (<number>-compute@developer...) and App Engine default (<project>@appspot...).
    [GeneratedRegex(
        @"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?@[a-z][a-z0-9-]{4,28}[a-z0-9](\.[a-z0-9-]+)*\.iam\.gserviceaccount\.com|[0-9]+-compute@developer\.gserviceaccount\.com|[a-z][a-z0-9-]{4,28}[a-z0-9]@appspot\.gserviceaccount\.com)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex ServiceAccountEmail();

    /// <summary>
    /// The provider's relative resource name ("projects/&lt;number&gt;/locations/…/providers/…"),
    /// or null when the value is not a pool provider path with a numeric project.
    /// </summary>
    public static string? ProviderName(string value)
    {
        var match = ProviderPath().Match(value);
        return match.Success && ProjectNumber().IsMatch(match.Groups["project"].ValueSpan) ? match.Groups["name"].Value : null;
    }

    public static bool IsProvider(string value) => ProviderName(value) is not null;

    /// <summary>Why a provider path is invalid, as the text after "is invalid: ".</summary>
    public static string ProviderProblem(string value)
    {
        var match = ProviderPath().Match(value);
        var project = Text.SafeText.Value(match.Groups["project"].Value);
        if (match.Success && !ProjectNumber().IsMatch(project))
        {
            return $"the project must be the project NUMBER, e.g. 123456789012, not the project id \"{project}\" " +
                $"(gcloud projects describe {project} --format='value(projectNumber)' prints it); expected {ProviderExpected}";
        }

        return "expected " + ProviderExpected;
    }

    public static bool IsServiceAccountEmail(string value) => ServiceAccountEmail().IsMatch(value);

    /// <summary>Why an email is invalid, as the text after "is invalid: ".</summary>
    public static string EmailProblem(string value) =>
        value.EndsWith(".iam.googleapis.com", StringComparison.OrdinalIgnoreCase)
            ? $"a service account email ends in .iam.gserviceaccount.com, not .iam.googleapis.com; expected {EmailExpected}"
            : "expected " + EmailExpected;

    public static bool IsInjectionMode(string value) => value is Direct or Gcloud;

    public static bool IsProjectId(string value) => ProjectId().IsMatch(value) || ProjectNumber().IsMatch(value);

    public static bool IsImpersonationLifetime(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && seconds is >= MinimumImpersonationLifetimeSeconds and <= MaximumImpersonationLifetimeSeconds;
}
