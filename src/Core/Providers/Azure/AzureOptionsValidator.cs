using FluentValidation;
using PodIdentity.Core.Validation;

namespace PodIdentity.Core.Providers.Azure;

/// <summary>Start-up check of the "Azure" section: a bad value stops the process with this message.</summary>
public sealed class AzureOptionsValidator : AbstractValidator<AzureOptions>
{
    public AzureOptionsValidator()
    {
        RuleFor(o => o.TenantId).Must(t => t.Length == 0 || AzureWorkloadIdentity.IsTenantId(t))
            .WithMessage(o => $"Azure:TenantId \"{o.TenantId}\" is invalid: expected {AzureWorkloadIdentity.TenantIdExpected}, or empty to require the tenant-id annotation on every ServiceAccount");
        RuleFor(o => o.AuthorityHost).Must(AzureWorkloadIdentity.IsAuthorityHost)
            .WithMessage(o => $"Azure:AuthorityHost \"{o.AuthorityHost}\" is invalid: expected {AzureWorkloadIdentity.AuthorityHostExpected}");
        RuleFor(o => o.Audience).Must(Annotations.IsAudience)
            .WithMessage(o => $"Azure:Audience \"{o.Audience}\" is invalid: expected a non-empty audience without spaces, e.g. \"{AzureWorkloadIdentity.DefaultAudience}\"");
        RuleFor(o => o.TokenExpirationSeconds).Must(AzureWorkloadIdentity.IsTokenExpiration)
            .WithMessage(o => $"Azure:TokenExpirationSeconds {o.TokenExpirationSeconds} is invalid: expected seconds from 3600 to 86400 (the range Azure's webhook accepts), e.g. 3600");
    }
}
