using PodIdentity.Core.Validation;

namespace PodIdentity.Core.Providers.ContainerCredentials;

internal sealed class ContainerCredentialsAnnotationValidator : AnnotationValidator
{
    public ContainerCredentialsAnnotationValidator(ContainerCredentialsAnnotationKeys keys, ContainerCredentialsOptions options)
    {
        ServiceAccountAnnotation(keys.Inject, ContainerCredentialsFormats.IsInjectValue, ContainerCredentialsFormats.InjectExpected);
        if (keys.OrgId is { } orgIdKey)
        {
            ServiceAccountAnnotation(orgIdKey, ContainerCredentialsFormats.IsOrgId, ContainerCredentialsFormats.OrgIdExpected);
            if (options.OrgId.Length == 0)
            {
                ContextRule(
                    orgIdKey,
                    context => context.Get(keys.Inject) != "true" || context.Has(orgIdKey),
                    context => MissingOrgId(context.Subject, keys, options.SectionName));
            }
        }

        ServiceAccountAnnotation(keys.Audience, Annotations.IsAudience, $"a non-empty audience without spaces, e.g. \"{options.Audience}\"");
        TokenExpiration(keys.TokenExpiration);
    }

    public static string MissingOrgId(string subject, ContainerCredentialsAnnotationKeys keys, string section) =>
        $"{subject} has annotation {keys.Inject}=\"true\" but no organization id: annotate the ServiceAccount with " +
        $"{keys.OrgId}: \"<org id>\", or set a default for all ServiceAccounts with the webhook configuration key {section}:OrgId " +
        $"(Helm values, or environment variable {section}__OrgId); an org id is the short lowercase id shown in the Cloud Console's " +
        "organization settings, e.g. \"cw1234\"";
}

internal sealed record ContainerCredentialsAnnotationKeys(string Prefix, bool UsesOrgId)
{
    public string Inject { get; } = Prefix + "/inject";
    public string? OrgId { get; } = UsesOrgId ? Prefix + "/org-id" : null;
    public string Audience { get; } = Prefix + "/audience";
    public string TokenExpiration { get; } = Prefix + "/token-expiration";
    public string SkipContainers { get; } = Prefix + "/skip-containers";
}
