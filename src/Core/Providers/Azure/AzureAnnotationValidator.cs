using PodIdentity.Core.Validation;

namespace PodIdentity.Core.Providers.Azure;

internal sealed class AzureAnnotationValidator : AnnotationValidator
{
    public AzureAnnotationValidator(AzureOptions options)
    {
        ServiceAccountAnnotation(AzureWorkloadIdentity.ClientIdAnnotation, AzureWorkloadIdentity.IsClientId, AzureWorkloadIdentity.ClientIdExpected);
        ServiceAccountAnnotation(AzureWorkloadIdentity.TenantIdAnnotation, AzureWorkloadIdentity.IsTenantId, AzureWorkloadIdentity.TenantIdExpected);
        ServiceAccountAnnotation(AzureWorkloadIdentity.TokenExpirationAnnotation, AzureWorkloadIdentity.IsTokenExpirationAnnotation, AzureWorkloadIdentity.TokenExpirationExpected);

        // Azure's webhook will not start without a cluster tenant; here the default may be left out, and then
        // each ServiceAccount must name its tenant (a pod without AZURE_TENANT_ID cannot sign in).
        if (options.TenantId.Length == 0)
        {
            ContextRule(
                AzureWorkloadIdentity.TenantIdAnnotation,
                context => context.Has(AzureWorkloadIdentity.TenantIdAnnotation),
                context => $"{context.Subject} has annotation {AzureWorkloadIdentity.ClientIdAnnotation} but no tenant: annotate the ServiceAccount with " +
                    $"{AzureWorkloadIdentity.TenantIdAnnotation}: \"<tenant id>\", or set a default for all ServiceAccounts with the webhook configuration key " +
                    $"{AzureOptions.Section}:TenantId (Helm value azure.tenantId, or environment variable {AzureOptions.Section}__TenantId); expected {AzureWorkloadIdentity.TenantIdExpected}");
        }
    }
}
