using System.Text.RegularExpressions;
using FluentValidation;

namespace PodIdentity.Core.Providers.RolesAnywhere;

/// <summary>Start-up check of the "RolesAnywhere" section: a bad value stops the process with this message.</summary>
public sealed partial class RolesAnywhereOptionsValidator : AbstractValidator<RolesAnywhereOptions>
{
    // Paths go unquoted into the credential_process line: letters, digits and . _ - / only.
    [GeneratedRegex(@"^(/[A-Za-z0-9._-]+)+/?$", RegexOptions.CultureInvariant)]
    private static partial Regex AbsolutePath();

    // What Go's time.ParseDuration accepts without a sign, which is how cert-manager reads these values.
    [GeneratedRegex(@"^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$", RegexOptions.CultureInvariant)]
    private static partial Regex GoDuration();

    public RolesAnywhereOptionsValidator()
    {
        RuleFor(o => o.AnnotationPrefix).Must(p => p.Length > 0 && !p.Contains('/', StringComparison.Ordinal) && !p.Contains(' ', StringComparison.Ordinal))
            .WithMessage(o => $"RolesAnywhere:AnnotationPrefix \"{o.AnnotationPrefix}\" is invalid: expected a DNS-style prefix without '/', e.g. \"rolesanywhere.amazonaws.com\"");
        RuleFor(o => o.HelperImage).Must(i => i.Length > 0 && !i.AsSpan().ContainsAny(" \t\r\n"))
            .WithMessage(o => $"RolesAnywhere:HelperImage \"{o.HelperImage}\" is invalid: expected a container image reference, best pinned by digest, e.g. \"ghcr.io/pod-identity/aws-signing-helper:1.4.0@sha256:<digest>\"");
        RuleFor(o => o.HelperDelivery).Must(d => d is RolesAnywhereOptions.InitContainerDelivery or RolesAnywhereOptions.ImageVolumeDelivery)
            .WithMessage(o => $"RolesAnywhere:HelperDelivery \"{o.HelperDelivery}\" is invalid: expected \"{RolesAnywhereOptions.InitContainerDelivery}\" (copy the helper into an emptyDir) or \"{RolesAnywhereOptions.ImageVolumeDelivery}\" (mount the helper image; Kubernetes 1.31+ with the ImageVolume feature gate)");
        RuleFor(o => o.HelperMountPath).Must(IsMountPath)
            .WithMessage(o => $"RolesAnywhere:HelperMountPath \"{o.HelperMountPath}\" is invalid: expected an absolute path of letters, digits, '.', '_' and '-', other than the certificate and AWS config mount paths, e.g. \"/var/run/secrets/rolesanywhere.amazonaws.com/helper\"");
        RuleFor(o => o.CertificateMountPath).Must(IsMountPath)
            .WithMessage(o => $"RolesAnywhere:CertificateMountPath \"{o.CertificateMountPath}\" is invalid: expected an absolute path of letters, digits, '.', '_' and '-', other than the helper and AWS config mount paths, e.g. \"/var/run/secrets/rolesanywhere.amazonaws.com/certificate\"");
        RuleFor(o => o).Must(o => Trim(o.HelperMountPath) != Trim(o.CertificateMountPath) && Trim(o.HelperMountPath) != RolesAnywhereProvider.AwsConfigMountPath && Trim(o.CertificateMountPath) != RolesAnywhereProvider.AwsConfigMountPath)
            .OverridePropertyName(nameof(RolesAnywhereOptions.HelperMountPath))
            .WithMessage(o => $"RolesAnywhere:HelperMountPath \"{o.HelperMountPath}\" and RolesAnywhere:CertificateMountPath \"{o.CertificateMountPath}\" are invalid: expected two different paths, neither of them {RolesAnywhereProvider.AwsConfigMountPath}");
        RuleFor(o => o.CertificateDuration).Must(d => GoDuration().IsMatch(d))
            .WithMessage(o => $"RolesAnywhere:CertificateDuration \"{o.CertificateDuration}\" is invalid: expected a duration as cert-manager reads it, e.g. \"24h\" or \"720h\"");
        RuleFor(o => o.CertificateRenewBefore).Must(d => d.Length == 0 || GoDuration().IsMatch(d))
            .WithMessage(o => $"RolesAnywhere:CertificateRenewBefore \"{o.CertificateRenewBefore}\" is invalid: expected a duration as cert-manager reads it, e.g. \"8h\", or empty to renew at two thirds of the lifetime");
    }

    private static bool IsMountPath(string path) => AbsolutePath().IsMatch(path);

    private static string Trim(string path) => path.TrimEnd('/');
}
