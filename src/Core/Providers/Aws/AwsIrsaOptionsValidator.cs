using FluentValidation;
using PodIdentity.Core.Validation;

namespace PodIdentity.Core.Providers.Aws;

/// <summary>Start-up check of the "Aws" section: a bad value stops the process with this message.</summary>
public sealed class AwsIrsaOptionsValidator : AbstractValidator<AwsIrsaOptions>
{
    public AwsIrsaOptionsValidator()
    {
        RuleFor(o => o.AnnotationPrefix).Must(p => !string.IsNullOrEmpty(p) && !p.Contains('/', StringComparison.Ordinal) && !p.Contains(' ', StringComparison.Ordinal))
            .WithMessage(o => $"Aws:AnnotationPrefix \"{o.AnnotationPrefix}\" is invalid: expected a DNS-style prefix without '/', e.g. \"eks.amazonaws.com\"");
        RuleFor(o => o.DefaultAudience).Must(a => a is not null && Annotations.IsAudience(a))
            .WithMessage(o => $"Aws:DefaultAudience \"{o.DefaultAudience}\" is invalid: expected {Annotations.AudienceExpected}");
        RuleFor(o => o.Region).Must(r => r is null || r.Length == 0 || AwsRole.IsRegion(r))
            .WithMessage(o => $"Aws:Region \"{o.Region}\" is invalid: expected an AWS region name such as \"us-west-2\", or empty for none");
        RuleFor(o => o.TokenExpirationSeconds).InclusiveBetween(Annotations.MinimumTokenExpirationSeconds, Annotations.MaximumTokenExpirationSeconds)
            .WithMessage(o => $"Aws:TokenExpirationSeconds {o.TokenExpirationSeconds} is invalid: expected seconds between 600 and {Annotations.MaximumTokenExpirationSeconds}, e.g. 86400");
        RuleFor(o => o.TokenMountPath).Must(p => p is { Length: > 1 } && p.StartsWith('/'))
            .WithMessage(o => $"Aws:TokenMountPath \"{o.TokenMountPath}\" is invalid: expected an absolute path, e.g. \"/var/run/secrets/eks.amazonaws.com/serviceaccount\"");
    }
}
