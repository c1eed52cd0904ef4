namespace PodIdentity.Core.Providers.ContainerCredentials;

/// <summary>
/// Configuration section "EksPodIdentity", off by default: the EKS Pod Identity agent's container
/// credentials (link-local endpoint, audience pods.eks.amazonaws.com), requested by annotation.
/// </summary>
public sealed class EksPodIdentityOptions : ContainerCredentialsOptions
{
    public const string Section = "EksPodIdentity";

    public EksPodIdentityOptions()
        : base(Section, "eks-pod-identity")
    {
        Enabled = false;
        AnnotationPrefix = "pod-identity.eks.amazonaws.com";
        CredentialsUri = "http://169.254.170.23/v1/credentials";
        Audience = "pods.eks.amazonaws.com";
        TokenPath = "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token";
        VolumeName = "eks-pod-identity-token";
        AwsConfigVolumeName = "eks-pod-identity-aws-config";
        AwsConfigMountPath = "/etc/eks-pod-identity";
    }
}
