namespace PodIdentity.Core.Providers.ContainerCredentials;

/// <summary>
/// Configuration section "CoreWeave": CoreWeave AI Object Storage through the CKS OIDC issuer
/// (the "Manual OIDC token exchange for Object Storage" guide, as one annotation).
/// </summary>
public sealed class CoreWeaveOptions : ContainerCredentialsOptions
{
    public const string Section = "CoreWeave";

    public CoreWeaveOptions()
        : base(Section, "coreweave")
    {
        Enabled = true;
        AnnotationPrefix = "caios.coreweave.com";
        CredentialsUri = "https://api.coreweave.com/v1/cwobject/temporary-credentials/oidc/" + OrgIdPlaceholder;
        Audience = "https://coreweave.com/iam";
        TokenPath = "/var/run/secrets/tokens/oidc-token";
        VolumeName = "caios-oidc-token";
        AwsConfigVolumeName = "caios-aws-config";
        AwsConfigMountPath = "/etc/caios";
    }
}
