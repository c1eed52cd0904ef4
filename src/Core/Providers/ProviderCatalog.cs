using PodIdentity.Core.Providers.Aws;
using PodIdentity.Core.Providers.Azure;
using PodIdentity.Core.Providers.ContainerCredentials;
using PodIdentity.Core.Providers.Gcp;
using PodIdentity.Core.Providers.RolesAnywhere;

namespace PodIdentity.Core.Providers;

/// <summary>Every provider the webhook knows, in the order their env is appended.</summary>
public static class ProviderCatalog
{
    public static IReadOnlyList<IProviderDescriptor> All { get; } =
    [
        AwsIrsaProvider.Descriptor,
        ContainerCredentialsProvider.CoreWeaveDescriptor,
        ContainerCredentialsProvider.EksPodIdentityDescriptor,
        RolesAnywhereProvider.Descriptor,
        GcpWorkloadIdentityProvider.Descriptor,
        AzureWorkloadIdentityProvider.Descriptor,
    ];
}
