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
        ContextRule(
            keys.ImpersonationLifetime,
            context => !context.Has(keys.ImpersonationLifetime)
                || context.Has(keys.ServiceAccountEmail),
            context => $"{context.Subject} annotation {keys.ImpersonationLifetime}=\"{Text.SafeText.Value(context.Get(keys.ImpersonationLifetime))}\" " +
                $"only applies with {keys.ServiceAccountEmail}: add the service account to impersonate, or remove the annotation");
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
