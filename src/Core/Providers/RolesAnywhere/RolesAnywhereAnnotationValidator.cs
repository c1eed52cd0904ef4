using PodIdentity.Core.Providers.Aws;
using PodIdentity.Core.Validation;

namespace PodIdentity.Core.Providers.RolesAnywhere;

/// <summary>
/// Each annotation on its own, then the set as a whole: the three ARNs and exactly one certificate
/// source are required, and the trust anchor and profile must share partition, region and account
/// (the helper signs for the trust anchor's region and rejects a profile elsewhere).
/// </summary>
internal sealed class RolesAnywhereAnnotationValidator : AnnotationValidator
{
    public RolesAnywhereAnnotationValidator(RolesAnywhereAnnotationKeys keys)
    {
        ServiceAccountAnnotation(keys.TrustAnchorArn, RolesAnywhereArn.IsTrustAnchor, RolesAnywhereArn.TrustAnchorProblem);
        ServiceAccountAnnotation(keys.ProfileArn, RolesAnywhereArn.IsProfile, RolesAnywhereArn.ProfileProblem);
        ServiceAccountAnnotation(keys.RoleArn, AwsRole.IsRoleArn, AwsRole.ArnExpected);
        ServiceAccountAnnotation(keys.CertificateSecret, CertificateSource.IsSecretName, CertificateSource.SecretExpected);
        ServiceAccountAnnotation(keys.CertificateIssuer, CertificateSource.IsIssuer, CertificateSource.IssuerExpected);
        ServiceAccountAnnotation(keys.SessionDuration, RolesAnywhereArn.IsSessionDuration, RolesAnywhereArn.SessionDurationExpected);

        Required(keys.TrustAnchorArn, RolesAnywhereArn.TrustAnchorExpected);
        Required(keys.ProfileArn, RolesAnywhereArn.ProfileExpected);
        Required(keys.RoleArn, AwsRole.ArnExpected);
        ContextRule(
            keys.CertificateSecret,
            context => context.Has(keys.CertificateSecret) || context.Has(keys.CertificateIssuer),
            context => $"{context.Subject} has IAM Roles Anywhere annotations but neither {keys.CertificateSecret} nor {keys.CertificateIssuer}: " +
                $"expected {keys.CertificateSecret} with {CertificateSource.SecretExpected}, or {keys.CertificateIssuer} with {CertificateSource.IssuerExpected}");
        ContextRule(
            keys.CertificateIssuer,
            context => !(context.Has(keys.CertificateSecret) && context.Has(keys.CertificateIssuer)),
            context => $"{context.Subject} annotations {keys.CertificateSecret} and {keys.CertificateIssuer} name two certificate sources: " +
                $"keep {keys.CertificateSecret} for a Certificate's Secret shared by every pod, or {keys.CertificateIssuer} for a certificate per pod from the cert-manager CSI driver");
        ContextRule(
            keys.ProfileArn,
            context => SameScope(context, keys),
            context => MismatchMessage(context, keys));

        void Required(string key, string expected) => ContextRule(
            key,
            context => context.Has(key),
            context => $"{context.Subject} has IAM Roles Anywhere annotations but no {key}: expected {expected}");
    }

    private static bool SameScope(ServiceAccountAnnotations context, RolesAnywhereAnnotationKeys keys)
    {
        var (anchor, profile) = Arns(context, keys);
        return anchor is null || profile is null
            || (anchor.Partition == profile.Partition && anchor.Region == profile.Region && anchor.Account == profile.Account);
    }

    private static string MismatchMessage(ServiceAccountAnnotations context, RolesAnywhereAnnotationKeys keys)
    {
        var (anchor, profile) = Arns(context, keys);
        return $"{context.Subject} annotations {keys.TrustAnchorArn} and {keys.ProfileArn} are in different places " +
            $"(partition {anchor!.Partition}, region {anchor.Region}, account {anchor.Account} and partition {profile!.Partition}, region {profile.Region}, account {profile.Account}): " +
            "expected a trust anchor and a profile of the same partition, region and account, as the signing helper calls the trust anchor's regional endpoint";
    }

    private static (RolesAnywhereArn? Anchor, RolesAnywhereArn? Profile) Arns(ServiceAccountAnnotations annotations, RolesAnywhereAnnotationKeys keys)
    {
        return (
            annotations.Get(keys.TrustAnchorArn) is { } anchor ? RolesAnywhereArn.Parse(anchor, RolesAnywhereArn.TrustAnchor) : null,
            annotations.Get(keys.ProfileArn) is { } profile ? RolesAnywhereArn.Parse(profile, RolesAnywhereArn.Profile) : null);
    }
}

internal sealed record RolesAnywhereAnnotationKeys(string Prefix)
{
    public string TrustAnchorArn { get; } = Prefix + "/trust-anchor-arn";
    public string ProfileArn { get; } = Prefix + "/profile-arn";
    public string RoleArn { get; } = Prefix + "/role-arn";
    public string CertificateSecret { get; } = Prefix + "/certificate-secret";
    public string CertificateIssuer { get; } = Prefix + "/certificate-issuer";
    public string SessionDuration { get; } = Prefix + "/session-duration";
    public string SkipContainers { get; } = Prefix + "/skip-containers";

    /// <summary>Pod annotation that carries the AWS config file, read by the downwardAPI volume.</summary>
    public string AwsConfig { get; } = Prefix + "/aws-config";

    /// <summary>True for the annotations whose presence asks for Roles Anywhere (a partial set is denied, not ignored).</summary>
    public bool IsIdentityAnnotation(string key) =>
        key == TrustAnchorArn || key == ProfileArn || key == RoleArn || key == CertificateSecret || key == CertificateIssuer || key == SessionDuration;
}
