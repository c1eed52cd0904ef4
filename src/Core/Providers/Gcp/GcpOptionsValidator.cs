using FluentValidation;
using PodIdentity.Core.Validation;

namespace PodIdentity.Core.Providers.Gcp;

/// <summary>Start-up check of the "Gcp" section: a bad value stops the process with this message.</summary>
public sealed class GcpOptionsValidator : AbstractValidator<GcpOptions>
{
    public GcpOptionsValidator()
    {
        RuleFor(o => o.AnnotationPrefix).Must(p => p.Length > 0 && !p.Contains('/', StringComparison.Ordinal) && !p.Contains(' ', StringComparison.Ordinal))
            .WithMessage(o => $"Gcp:AnnotationPrefix \"{o.AnnotationPrefix}\" is invalid: expected a DNS-style prefix without '/', e.g. \"cloud.google.com\"");
        RuleFor(o => o.DefaultAudience).Must(a => a.Length == 0 || Annotations.IsAudience(a))
            .WithMessage(o => $"Gcp:DefaultAudience \"{o.DefaultAudience}\" is invalid: expected {GcpWorkloadIdentity.AudienceExpected}, or empty to use each ServiceAccount's pool provider resource name");
        RuleFor(o => o.TokenExpirationSeconds).InclusiveBetween(Annotations.MinimumTokenExpirationSeconds, Annotations.MaximumTokenExpirationSeconds)
            .WithMessage(o => $"Gcp:TokenExpirationSeconds {o.TokenExpirationSeconds} is invalid: expected seconds between 600 and {Annotations.MaximumTokenExpirationSeconds}, e.g. 3600");
        RuleFor(o => o.GcloudImage).Must(i => i.Length > 0 && !i.AsSpan().ContainsAny(" \t\r\n"))
            .WithMessage(o => $"Gcp:GcloudImage \"{o.GcloudImage}\" is invalid: expected a container image reference, e.g. \"gcr.io/google.com/cloudsdktool/google-cloud-cli:stable\"");
    }
}
