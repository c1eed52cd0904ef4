using System.Runtime.InteropServices;
using k8s.Models;
using PodIdentity.Core.ServiceAccounts;

namespace PodIdentity.Core.Mutation;

/// <summary>
/// The one merge step: asks every provider for a plan, turns annotation problems into a denial
/// (or warnings), refuses two providers fighting over a variable, then applies the plans to the pod
/// without overwriting anything the user wrote.
/// </summary>
public sealed class PodMutator
{
    private readonly IIdentityProvider[] providers;
    private readonly MutationOptions options;

    public PodMutator(IEnumerable<IIdentityProvider> providers, MutationOptions options)
    {
        this.providers = [.. providers];
        this.options = options;
    }

    public IReadOnlyList<IIdentityProvider> Providers => providers;

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

    private PreparedServiceAccount? withoutIdentity;

    /// <summary>
    /// What reviews need of a ServiceAccount, made once when it is stored. ServiceAccounts without any annotation
    /// an enabled provider reads share one instance.
    /// </summary>
    public PreparedServiceAccount Prepare(string @namespace, string name, IEnumerable<KeyValuePair<string, string>>? annotations)
    {
        Dictionary<string, string>? kept = null;
        if (annotations is not null)
        {
            foreach (var (key, value) in annotations)
            {
                if (IsRelevantAnnotation(key))
                {
                    (kept ??= new Dictionary<string, string>(StringComparer.Ordinal))[key] = value;
                }
            }
        }

        if (kept is null)
        {
            return withoutIdentity ??= new PreparedServiceAccount(new V1ServiceAccount { Metadata = new V1ObjectMeta() }, readByProvider: false);
        }

        return new PreparedServiceAccount(
            new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, Annotations = kept } },
            readByProvider: true);
    }

    public PreparedServiceAccount Prepare(V1ServiceAccount account) =>
        Prepare(account.Metadata?.NamespaceProperty ?? "", account.Metadata?.Name ?? "", account.Metadata?.Annotations);

    public MutationResult Mutate(InjectionContext context)
    {
        context.MaxPodTokenExpirationSeconds = options.MaxPodTokenExpirationSeconds;
        List<InjectionPlan>? plans = null;
        List<string>? problems = null;
        var warnings = new List<string>();
        foreach (var provider in providers)
        {
            var result = provider.Plan(context);
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
                        warnings.Add($"{problem}; {provider.Name} credentials were not injected");
                    }
                }
            }
            else if (result.Plan is { } plan)
            {
                (plans ??= new List<InjectionPlan>(providers.Length)).Add(plan);
                if (plan.Warnings.Count > 0)
                {
                    warnings.AddRange(plan.Warnings);
                }
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
        foreach (var plan in CollectionsMarshal.AsSpan(plans))
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
}
