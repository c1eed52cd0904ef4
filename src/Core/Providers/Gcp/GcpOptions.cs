namespace PodIdentity.Core.Providers.Gcp;

/// <summary>
/// Configuration section "Gcp". Annotation names match pfnet-research/gcp-workload-identity-federation-webhook;
/// the defaults differ where that webhook needs extra setup (see docs/gcp.md, "Migrating").
/// </summary>
public sealed class GcpOptions
{
    public const string Section = "Gcp";

    public bool Enabled { get; set; } = true;

    /// <summary>Annotation prefix; pfnet's --annotation-prefix.</summary>
    public string AnnotationPrefix { get; set; } = "cloud.google.com";

    /// <summary>
    /// Audience of the projected token when the ServiceAccount has no audience annotation. Empty (the default)
    /// derives it per ServiceAccount: the pool provider's full resource name
    /// //iam.googleapis.com/projects/&lt;n&gt;/locations/&lt;loc&gt;/workloadIdentityPools/&lt;pool&gt;/providers/&lt;provider&gt;,
    /// which Google STS accepts when the provider lists no allowed audiences.
    /// </summary>
    public string DefaultAudience { get; set; } = "";

    public long TokenExpirationSeconds { get; set; } = 3600;

    /// <summary>Image of the gcloud-auth init container (injection-mode "gcloud" only).</summary>
    public string GcloudImage { get; set; } = "gcr.io/google.com/cloudsdktool/google-cloud-cli:stable";
}
