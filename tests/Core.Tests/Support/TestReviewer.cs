using k8s.Models;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Pods;
using PodIdentity.Core.Validation;

namespace PodIdentity.Core.Tests.Support;

/// <summary>
/// A reviewer and its mutator, taking KubernetesClient models as tests write them: the ServiceAccount is prepared
/// as the webhook's cache prepares it, in the request's namespace.
/// </summary>
public sealed class TestReviewer(PodMutator mutator)
{
    public AdmissionReviewer Reviewer { get; } = new(mutator);

    public PodMutator Mutator => mutator;

    public ReviewOutcome Review(AdmissionRequest request, V1ServiceAccount? serviceAccount) =>
        Reviewer.Review(request, serviceAccount is null ? null : Prepare(mutator, AdmissionReviewer.NamespaceOf(request), serviceAccount, request.Object!));

    public static PreparedServiceAccount Prepare(PodMutator mutator, string @namespace, V1ServiceAccount serviceAccount, Pod pod) =>
        mutator.Prepare(@namespace, serviceAccount.Metadata?.Name ?? pod.ServiceAccount, serviceAccount.Metadata?.Annotations);

    public static AdmissionRequest Request(string @namespace, V1Pod pod, string uid = "u") => AdmissionCodec.DecodeCreate(pod, @namespace, uid);

    /// <summary>The pod as the server's decoder reads it; the test's pod must have no null element.</summary>
    public static Pod Decode(V1Pod pod, string @namespace = "team-a") =>
        Request(@namespace, pod).Object ?? throw new ArgumentException(Request(@namespace, pod).ObjectProblem, nameof(pod));
}

/// <summary>What provider tests hand a provider: a namespace, a pod and its ServiceAccount, as models.</summary>
public sealed record InjectionContext(string Namespace, V1Pod Pod, V1ServiceAccount ServiceAccount);

public static class ProviderTesting
{
    /// <summary>The provider's plan for one pod: its identity prepared from the relevant annotations, then planned.</summary>
    public static ProviderResult Plan(this IIdentityProvider provider, InjectionContext context)
    {
        var pod = TestReviewer.Decode(context.Pod, context.Namespace);
        var relevant = (context.ServiceAccount.Metadata?.Annotations ?? new Dictionary<string, string>())
            .Where(a => provider.ReadsServiceAccountAnnotation(a.Key))
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var serviceAccount = new ServiceAccountAnnotations(context.Namespace, context.ServiceAccount.Metadata?.Name ?? pod.ServiceAccount, relevant);
        return provider.Prepare(serviceAccount) is { } identity
            ? identity.Plan(new PodContext(context.Namespace, pod))
            : ProviderResult.NotRequested;
    }
}
