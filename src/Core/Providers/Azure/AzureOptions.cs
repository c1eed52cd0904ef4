namespace PodIdentity.Core.Providers.Azure;

/// <summary>
/// Configuration section "Azure", off by default. Annotation and label names, paths and defaults match
/// Azure/azure-workload-identity's webhook (v1.6); the differences are listed in docs/azure.md.
/// </summary>
/// <remarks>String settings never hold null: a key bound to null (e.g. an empty Helm value) reads as "".</remarks>
public sealed class AzureOptions
{
    public const string Section = "Azure";

    /// <summary>Microsoft Entra ID of the public cloud, as Azure's webhook sets it for AzurePublicCloud.</summary>
    public const string PublicCloudAuthorityHost = "https://login.microsoftonline.com/";

    public bool Enabled { get; set; }

    /// <summary>Tenant for ServiceAccounts without a tenant-id annotation (Azure's AZURE_TENANT_ID); empty: the annotation is required.</summary>
    public string TenantId { get; set => field = value ?? ""; } = "";

    /// <summary>AZURE_AUTHORITY_HOST; Azure's webhook derives it from AZURE_ENVIRONMENT (see docs/azure.md for the other clouds).</summary>
    public string AuthorityHost { get; set => field = value ?? ""; } = PublicCloudAuthorityHost;

    /// <summary>Audience of the projected token; Azure's --audience flag.</summary>
    public string Audience { get; set => field = value ?? ""; } = AzureWorkloadIdentity.DefaultAudience;

    /// <summary>
    /// Only pods labelled azure.workload.identity/use: "true" are injected, as Azure's webhook configuration
    /// selects them. False: the ServiceAccount's client-id annotation alone is enough.
    /// </summary>
    public bool RequirePodLabel { get; set; } = true;

    /// <summary>Token lifetime without an annotation; Azure's default, within Azure's 3600–86400 s.</summary>
    public long TokenExpirationSeconds { get; set; } = AzureWorkloadIdentity.DefaultTokenExpirationSeconds;
}
