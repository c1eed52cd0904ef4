using PodIdentity.Core.Validation;

namespace PodIdentity.Core.Mutation;

/// <summary>
/// One provider's identity for one ServiceAccount, made when the ServiceAccount is stored: its annotation
/// problems, or its values with their patch JSON. <see cref="Plan"/> adds only what depends on the pod
/// (skip-containers, its own token lifetime, its OS, its labels).
/// </summary>
public sealed class PreparedIdentity
{
    private readonly Func<PodContext, ProviderResult> plan;

    private PreparedIdentity(string provider, Func<PodContext, ProviderResult> plan)
    {
        Provider = provider;
        this.plan = plan;
    }

    public string Provider { get; }

    public ProviderResult Plan(PodContext pod) => plan(pod);

    public static PreparedIdentity Of(string provider, Func<PodContext, ProviderResult> plan) => new(provider, plan);

    /// <summary>
    /// A ServiceAccount whose annotations are wrong: every pod of it gets these problems, and, when
    /// <paramref name="podExpirationKey"/> is given, the pod's own wrong lifetime annotation too, so one denial names all.
    /// </summary>
    public static PreparedIdentity Invalid(string provider, IReadOnlyList<string> problems, string? podExpirationKey = null)
    {
        var result = ProviderResult.Invalid(problems);
        return new(provider, pod =>
        {
            if (podExpirationKey is not null)
            {
                Annotations.PodExpiration(pod.PodAnnotations, podExpirationKey, pod.MaxPodTokenExpirationSeconds, pod.PodSubject, out var podProblem);
                if (podProblem is not null)
                {
                    return ProviderResult.Invalid([.. problems, podProblem]);
                }
            }

            return result;
        });
    }
}
