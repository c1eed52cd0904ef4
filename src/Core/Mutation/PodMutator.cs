using PodIdentity.Core.Pods;
using PodIdentity.Core.Validation;

namespace PodIdentity.Core.Mutation;

/// <summary>
/// The one merge step. <see cref="Prepare(string, string, IEnumerable{KeyValuePair{string, string}}?)"/> asks every
/// provider for its identity when a ServiceAccount is stored; <see cref="Mutate"/> asks each identity for a plan
/// for one pod, turns problems into a denial (or warnings), refuses two providers fighting over a variable, then
/// applies the plans without overwriting anything the user wrote.
/// </summary>
public sealed class PodMutator
{
    private static readonly Dictionary<string, string> NoAnnotations = [];

    private readonly IIdentityProvider[] providers;
    private readonly MutationOptions options;
    private readonly PreparedServiceAccount withoutAnnotations;

    public PodMutator(IEnumerable<IIdentityProvider> providers, MutationOptions options)
    {
        this.providers = [.. providers];
        this.options = options;

        // Providers may still act on such ServiceAccounts (Azure's pod label asks for a client id): their identities
        // are the same for all of them, so they are made once.
        withoutAnnotations = new PreparedServiceAccount(Identities(new ServiceAccountAnnotations("", "", NoAnnotations)));
    }

    public IReadOnlyList<IIdentityProvider> Providers => providers;

    /// <summary>The one instance shared by every ServiceAccount without an annotation an enabled provider reads.</summary>
    public PreparedServiceAccount Unannotated => withoutAnnotations;

    /// <summary>True if any enabled provider reads this ServiceAccount annotation key.</summary>
    public bool IsRelevantAnnotation(string key)
    {
        foreach (var provider in providers)
        {
            if (provider.ReadsServiceAccountAnnotation(key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// What reviews need of a ServiceAccount, made once when it is stored: each provider's identity for it.
    /// ServiceAccounts without any annotation an enabled provider reads share one instance.
    /// </summary>
    public PreparedServiceAccount Prepare(string @namespace, string name, IEnumerable<KeyValuePair<string, string>>? annotations)
    {
        List<KeyValuePair<string, string>>? kept = null;
        if (annotations is not null)
        {
            foreach (var annotation in annotations)
            {
                if (IsRelevantAnnotation(annotation.Key))
                {
                    (kept ??= new List<KeyValuePair<string, string>>(2)).Add(annotation);
                }
            }
        }

        return kept is null
            ? withoutAnnotations
            : new PreparedServiceAccount(@namespace, name, [.. kept], IdentitiesOf);
    }

    public PreparedServiceAccount Prepare(k8s.Models.V1ServiceAccount account) =>
        Prepare(account.Metadata?.NamespaceProperty ?? "", account.Metadata?.Name ?? "", account.Metadata?.Annotations);

    public MutationResult Mutate(string @namespace, Pod pod, PreparedServiceAccount serviceAccount)
    {
        var context = new PodContext(@namespace, pod, options.MaxPodTokenExpirationSeconds);
        List<InjectionPlan>? plans = null;
        List<string>? problems = null;
        var warnings = new List<string>();
        foreach (var identity in serviceAccount.Identities)
        {
            var result = identity.Plan(context);
            if (result.Problems.Count > 0)
            {
                if (options.InvalidAnnotations == InvalidAnnotationAction.Deny)
                {
                    (problems ??= []).AddRange(result.Problems);
                }
                else
                {
                    foreach (var problem in result.Problems)
                    {
                        warnings.Add($"{problem}; {identity.Provider} credentials were not injected");
                    }
                }
            }
            else if (result.Plan is { } plan)
            {
                (plans ??= new List<InjectionPlan>(serviceAccount.Identities.Count)).Add(plan);
                warnings.AddRange(plan.Warnings);
            }
        }

        if (problems is not null)
        {
            return MutationResult.Denied(string.Join("; ", problems), warnings);
        }

        if (plans is null)
        {
            return new MutationResult(MutationOutcome.Skipped, [], warnings, [], null);
        }

        if (ExclusivePlans.Conflict(context, plans) is { } exclusive)
        {
            return MutationResult.Denied(exclusive, warnings);
        }

        var builder = new PodPatchBuilder(context, warnings, plans);
        var applied = new List<string>(plans.Count);
        foreach (var plan in plans)
        {
            if (builder.Apply(plan))
            {
                applied.Add(plan.Provider);
            }

            if (builder.Conflict is { } conflict)
            {
                return MutationResult.Denied(conflict, warnings);
            }
        }

        var patch = builder.Finish();
        return new MutationResult(patch.Count > 0 ? MutationOutcome.Mutated : MutationOutcome.Skipped, patch, warnings, applied, null);
    }

    private PreparedIdentity[] IdentitiesOf(PreparedServiceAccount account)
    {
        var values = new Dictionary<string, string>(account.Annotations.Length, StringComparer.Ordinal);
        foreach (var (key, value) in account.Annotations)
        {
            values[key] = value;
        }

        return Identities(new ServiceAccountAnnotations(account.Namespace, account.Name, values));
    }

    private PreparedIdentity[] Identities(ServiceAccountAnnotations serviceAccount)
    {
        var identities = new List<PreparedIdentity>(providers.Length);
        foreach (var provider in providers)
        {
            if (provider.Prepare(serviceAccount) is { } identity)
            {
                identities.Add(identity);
            }
        }

        return [.. identities];
    }
}
