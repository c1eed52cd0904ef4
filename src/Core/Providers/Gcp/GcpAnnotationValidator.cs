using FluentValidation;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Validation;

namespace PodIdentity.Core.Providers.Gcp;

internal sealed class GcpAnnotationValidator : AnnotationValidator
{
    public GcpAnnotationValidator(GcpAnnotationKeys keys)
    {
        ServiceAccountAnnotation(keys.WorkloadIdentityProvider, GcpWorkloadIdentity.IsProvider, GcpWorkloadIdentity.ProviderProblem);
        ServiceAccountAnnotation(keys.ServiceAccountEmail, GcpWorkloadIdentity.IsServiceAccountEmail, GcpWorkloadIdentity.EmailProblem);
        ServiceAccountAnnotation(keys.Audience, Annotations.IsAudience, GcpWorkloadIdentity.AudienceExpected);
        ServiceAccountAnnotation(keys.InjectionMode, GcpWorkloadIdentity.IsInjectionMode, GcpWorkloadIdentity.InjectionModeExpected);
        ServiceAccountAnnotation(keys.ProjectId, GcpWorkloadIdentity.IsProjectId, GcpWorkloadIdentity.ProjectIdExpected);
        ServiceAccountAnnotation(keys.ImpersonationLifetime, GcpWorkloadIdentity.IsImpersonationLifetime, GcpWorkloadIdentity.ImpersonationLifetimeExpected);
        TokenExpiration(keys.TokenExpiration);

        // The lifetime belongs to impersonation: without an email there is nothing to apply it to.
        RuleFor(context => context)
            .Must(context => !context.ServiceAccountAnnotations.ContainsKey(keys.ImpersonationLifetime)
                || context.ServiceAccountAnnotations.ContainsKey(keys.ServiceAccountEmail))
            .OverridePropertyName(keys.ImpersonationLifetime)
            .WithMessage(context => $"{context.ServiceAccountSubject} annotation {keys.ImpersonationLifetime}=\"{Annotations.Get(context.ServiceAccountAnnotations, keys.ImpersonationLifetime)}\" " +
                $"only applies with {keys.ServiceAccountEmail}: add the service account to impersonate, or remove the annotation");
    }

    /// <summary>Like the base rule, but the text after "is invalid: " depends on the value (e.g. a project id hint).</summary>
    private void ServiceAccountAnnotation(string key, Func<string, bool> isValid, Func<string, string> problem) =>
        RuleFor(context => Annotations.Get(context.ServiceAccountAnnotations, key))
            .Must(value => value is null || isValid(value))
            .OverridePropertyName(key)
            .WithMessage(context => Problem(context, key, problem));

    private static string Problem(InjectionContext context, string key, Func<string, string> problem)
    {
        var value = Annotations.Get(context.ServiceAccountAnnotations, key) ?? "";
        return $"{context.ServiceAccountSubject} annotation {key}=\"{value}\" is invalid: {problem(value)}";
    }
}

internal sealed record GcpAnnotationKeys(string Prefix)
{
    public string WorkloadIdentityProvider { get; } = Prefix + "/workload-identity-provider";
    public string ServiceAccountEmail { get; } = Prefix + "/service-account-email";
    public string Audience { get; } = Prefix + "/audience";
    public string TokenExpiration { get; } = Prefix + "/token-expiration";
    public string InjectionMode { get; } = Prefix + "/injection-mode";
    public string ProjectId { get; } = Prefix + "/project-id";
    public string ImpersonationLifetime { get; } = Prefix + "/service-account-token-lifetime-seconds";
    public string SkipContainers { get; } = Prefix + "/skip-containers";
    public string Credentials { get; } = Prefix + "/external-account-credentials";
}
