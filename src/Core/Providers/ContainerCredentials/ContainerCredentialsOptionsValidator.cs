using FluentValidation;
using PodIdentity.Core.Validation;

namespace PodIdentity.Core.Providers.ContainerCredentials;

/// <summary>Start-up check of a container-credentials section: a bad value stops the process with this message.</summary>
public sealed class ContainerCredentialsOptionsValidator<TOptions> : AbstractValidator<TOptions>
    where TOptions : ContainerCredentialsOptions
{
    public ContainerCredentialsOptionsValidator()
    {
        RuleFor(o => o.AnnotationPrefix).Must(p => p.Length > 0 && !p.Contains('/', StringComparison.Ordinal) && !p.Contains(' ', StringComparison.Ordinal))
            .WithMessage(o => $"{o.SectionName}:AnnotationPrefix \"{o.AnnotationPrefix}\" is invalid: expected a DNS-style prefix without '/', e.g. \"caios.coreweave.com\"");
        RuleFor(o => o.CredentialsUri).Must(u => ContainerCredentialsFormats.IsHttpUrl(u.Replace(ContainerCredentialsOptions.OrgIdPlaceholder, "org", StringComparison.Ordinal)))
            .WithMessage(o => $"{o.SectionName}:CredentialsUri \"{o.CredentialsUri}\" is invalid: expected an absolute http or https URL, optionally with {ContainerCredentialsOptions.OrgIdPlaceholder}, " +
                "e.g. \"https://api.coreweave.com/v1/cwobject/temporary-credentials/oidc/{orgId}\"");
        RuleFor(o => o.OrgId).Must(id => id.Length == 0 || ContainerCredentialsFormats.IsOrgId(id))
            .WithMessage(o => $"{o.SectionName}:OrgId \"{o.OrgId}\" is invalid: expected {ContainerCredentialsFormats.OrgIdExpected}, or empty to require the org-id annotation");
        RuleFor(o => o.OrgId).Must((o, id) => id.Length == 0 || o.UsesOrgId)
            .WithMessage(o => $"{o.SectionName}:OrgId \"{o.OrgId}\" is set but {o.SectionName}:CredentialsUri \"{o.CredentialsUri}\" has no {ContainerCredentialsOptions.OrgIdPlaceholder}: leave OrgId empty");
        RuleFor(o => o.Audience).Must(Annotations.IsAudience)
            .WithMessage(o => $"{o.SectionName}:Audience \"{o.Audience}\" is invalid: expected a non-empty audience without spaces, e.g. \"https://coreweave.com/iam\"");
        RuleFor(o => o.TokenExpirationSeconds).InclusiveBetween(Annotations.MinimumTokenExpirationSeconds, Annotations.MaximumTokenExpirationSeconds)
            .WithMessage(o => $"{o.SectionName}:TokenExpirationSeconds {o.TokenExpirationSeconds} is invalid: expected seconds between 600 and {Annotations.MaximumTokenExpirationSeconds}, e.g. 86400");
        RuleFor(o => o.TokenPath).Must(ContainerCredentialsFormats.IsTokenPath)
            .WithMessage(o => $"{o.SectionName}:TokenPath \"{o.TokenPath}\" is invalid: expected an absolute file path inside a directory, e.g. \"/var/run/secrets/tokens/oidc-token\"");
        RuleFor(o => o.VolumeName).Must(ContainerCredentialsFormats.IsDnsLabel)
            .WithMessage(o => $"{o.SectionName}:VolumeName \"{o.VolumeName}\" is invalid: expected a volume name of lowercase letters, digits and '-', at most 63 characters, e.g. \"caios-oidc-token\"");
        RuleFor(o => o.S3Endpoint).Must(u => u.Length == 0 || ContainerCredentialsFormats.IsHttpUrl(u))
            .WithMessage(o => $"{o.SectionName}:S3Endpoint \"{o.S3Endpoint}\" is invalid: expected an absolute http or https URL such as \"http://cwlota.com\" or \"https://cwobject.com\", or empty for none");
        RuleFor(o => o.Region).Must(r => r.Length == 0 || ContainerCredentialsFormats.IsRegion(r))
            .WithMessage(o => $"{o.SectionName}:Region \"{o.Region}\" is invalid: expected a zone or region name of letters, digits and '-', e.g. \"US-EAST-04A\", or empty for none");
        RuleFor(o => o.AwsConfigMap).Must(n => n.Length == 0 || ContainerCredentialsFormats.IsDnsSubdomain(n))
            .WithMessage(o => $"{o.SectionName}:AwsConfigMap \"{o.AwsConfigMap}\" is invalid: expected a ConfigMap name such as \"caios-aws-config\", or empty for none");
        RuleFor(o => o.AwsConfigVolumeName).Must(ContainerCredentialsFormats.IsDnsLabel)
            .WithMessage(o => $"{o.SectionName}:AwsConfigVolumeName \"{o.AwsConfigVolumeName}\" is invalid: expected a volume name of lowercase letters, digits and '-', at most 63 characters, e.g. \"caios-aws-config\"");
        RuleFor(o => o.AwsConfigVolumeName).NotEqual(o => o.VolumeName)
            .WithMessage(o => $"{o.SectionName}:AwsConfigVolumeName \"{o.AwsConfigVolumeName}\" is invalid: it must differ from {o.SectionName}:VolumeName");
        RuleFor(o => o.AwsConfigMountPath).Must(ContainerCredentialsFormats.IsMountPath)
            .WithMessage(o => $"{o.SectionName}:AwsConfigMountPath \"{o.AwsConfigMountPath}\" is invalid: expected an absolute directory path, e.g. \"/etc/caios\"");
        RuleFor(o => o.AwsConfigMountPath).Must((o, path) => !ContainerCredentialsFormats.IsTokenPath(o.TokenPath) || path.TrimEnd('/') != ContainerCredentialsFormats.TokenDirectory(o.TokenPath))
            .WithMessage(o => $"{o.SectionName}:AwsConfigMountPath \"{o.AwsConfigMountPath}\" is invalid: it must differ from the directory of {o.SectionName}:TokenPath \"{o.TokenPath}\"");
    }}
