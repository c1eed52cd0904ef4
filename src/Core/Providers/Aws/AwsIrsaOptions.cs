namespace PodIdentity.Core.Providers.Aws;

/// <summary>Configuration section "Aws". Defaults match aws/amazon-eks-pod-identity-webhook.</summary>
public sealed class AwsIrsaOptions
{
    public const string Section = "Aws";

    public bool Enabled { get; set; } = true;

    /// <summary>Annotation prefix; the EKS webhook's --annotation-prefix.</summary>
    public string AnnotationPrefix { get; set; } = "eks.amazonaws.com";

    public string DefaultAudience { get; set; } = "sts.amazonaws.com";

    /// <summary>When set, AWS_DEFAULT_REGION and AWS_REGION are added for containers that set neither.</summary>
    public string? Region { get; set; }

    /// <summary>Cluster-wide AWS_STS_REGIONAL_ENDPOINTS=regional; a ServiceAccount annotation overrides it.</summary>
    public bool StsRegionalEndpoints { get; set; }

    public long TokenExpirationSeconds { get; set; } = 86400;

    public string TokenMountPath { get; set; } = "/var/run/secrets/eks.amazonaws.com/serviceaccount";
}
