namespace PodIdentity.Core.Pods;

/// <summary>Pod labels a provider reads; the decoder keeps only these and skips every other label unread.</summary>
public static class ProviderLabels
{
    /// <summary>Azure workload identity selects pods by this label, as Azure's own webhook configuration does.</summary>
    public const string AzureWorkloadIdentityUse = "azure.workload.identity/use";

    public static IReadOnlyList<string> All { get; } = [AzureWorkloadIdentityUse];
}
