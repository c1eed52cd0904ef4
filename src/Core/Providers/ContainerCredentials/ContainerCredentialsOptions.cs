namespace PodIdentity.Core.Providers.ContainerCredentials;

/// <summary>
/// Settings shared by every container-credentials profile: a projected token plus
/// AWS_CONTAINER_CREDENTIALS_FULL_URI / AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, which AWS SDKs use to
/// fetch credentials from an HTTP endpoint. Each profile is a subclass with its own section and defaults.
/// </summary>
/// <remarks>String settings never hold null: a key bound to null (e.g. an empty Helm value) reads as "".</remarks>
public abstract class ContainerCredentialsOptions
{
    /// <summary>Placeholder in <see cref="CredentialsUri"/> replaced by the organization id.</summary>
    public const string OrgIdPlaceholder = "{orgId}";

    protected ContainerCredentialsOptions(string section, string providerName)
    {
        SectionName = section;
        ProviderName = providerName;
    }

    /// <summary>Configuration section, used in messages ("CoreWeave:OrgId"). Not bound.</summary>
    public string SectionName { get; }

    /// <summary>Provider name in logs, metrics and messages. Not bound.</summary>
    public string ProviderName { get; }

    public bool Enabled { get; set; }

    /// <summary>Prefix of the annotations: &lt;prefix&gt;/inject, /org-id, /audience, /token-expiration, /skip-containers.</summary>
    public string AnnotationPrefix { get; set => field = value ?? ""; } = "";

    /// <summary>Credentials endpoint; may contain {orgId}, which then requires an organization id.</summary>
    public string CredentialsUri { get; set => field = value ?? ""; } = "";

    /// <summary>Default organization id when the ServiceAccount has no org-id annotation; empty for none.</summary>
    public string OrgId { get; set => field = value ?? ""; } = "";

    /// <summary>Default token audience; the ServiceAccount's audience annotation overrides it.</summary>
    public string Audience { get; set => field = value ?? ""; } = "";

    public long TokenExpirationSeconds { get; set; } = 86400;

    /// <summary>Full path of the token file in the container; its directory is the mount path.</summary>
    public string TokenPath { get; set => field = value ?? ""; } = "";

    /// <summary>Name of the projected token volume.</summary>
    public string VolumeName { get; set => field = value ?? ""; } = "";

    /// <summary>AWS_ENDPOINT_URL_S3 for containers that do not set it; empty for none.</summary>
    public string S3Endpoint { get; set => field = value ?? ""; } = "";

    /// <summary>AWS_REGION and AWS_DEFAULT_REGION for containers that set neither; empty for none.</summary>
    public string Region { get; set => field = value ?? ""; } = "";

    /// <summary>ConfigMap (key "config") mounted read-only, with AWS_CONFIG_FILE pointing at it; empty for none.</summary>
    public string AwsConfigMap { get; set => field = value ?? ""; } = "";

    /// <summary>Name of the pod volume that holds <see cref="AwsConfigMap"/>.</summary>
    public string AwsConfigVolumeName { get; set => field = value ?? ""; } = "";

    /// <summary>Where <see cref="AwsConfigMap"/> is mounted; AWS_CONFIG_FILE is &lt;path&gt;/config.</summary>
    public string AwsConfigMountPath { get; set => field = value ?? ""; } = "";

    /// <summary>True when the endpoint needs an organization id.</summary>
    public bool UsesOrgId => CredentialsUri.Contains(OrgIdPlaceholder, StringComparison.Ordinal);
}
