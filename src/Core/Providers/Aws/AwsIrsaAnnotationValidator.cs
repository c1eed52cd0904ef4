using PodIdentity.Core.Validation;

namespace PodIdentity.Core.Providers.Aws;

internal sealed class AwsIrsaAnnotationValidator : AnnotationValidator
{
    public AwsIrsaAnnotationValidator(AwsIrsaAnnotationKeys keys)
    {
        ServiceAccountAnnotation(keys.RoleArn, AwsRole.IsRoleArn, AwsRole.ArnExpected);
        ServiceAccountAnnotation(keys.Audience, Annotations.IsAudience, Annotations.AudienceExpected);
        ServiceAccountAnnotation(keys.StsRegionalEndpoints, Annotations.IsBool, Annotations.BooleanExpected);
        TokenExpiration(keys.TokenExpiration);
    }
}

internal sealed record AwsIrsaAnnotationKeys(string Prefix)
{
    public string RoleArn { get; } = Prefix + "/role-arn";
    public string Audience { get; } = Prefix + "/audience";
    public string StsRegionalEndpoints { get; } = Prefix + "/sts-regional-endpoints";
    public string TokenExpiration { get; } = Prefix + "/token-expiration";
    public string SkipContainers { get; } = Prefix + "/skip-containers";
}
