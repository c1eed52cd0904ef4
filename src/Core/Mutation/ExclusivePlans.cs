namespace PodIdentity.Core.Mutation;

/// <summary>
/// Two plans that hand the same SDK two credential sources (e.g. IRSA and Roles Anywhere both for the AWS
/// SDKs) would leave a silent winner that depends on the SDK's chain order; the pod is refused instead.
/// </summary>
internal static class ExclusivePlans
{
    /// <summary>The denial for the first pair of plans that exclude each other, or null.</summary>
    public static string? Conflict(PodContext context, List<InjectionPlan> plans)
    {
        foreach (var plan in plans)
        {
            if (plan.ExcludesProviders.Count == 0)
            {
                continue;
            }

            foreach (var other in plans)
            {
                if (other != plan && plan.ExcludesProviders.Contains(other.Provider))
                {
                    var (first, second) = plans.IndexOf(other) < plans.IndexOf(plan) ? (other, plan) : (plan, other);
                    return $"{context.ServiceAccountSubject}: annotations {first.TriggerAnnotation} ({first.Provider}) and " +
                        $"{second.TriggerAnnotation} ({second.Provider}) both give the pod credentials for the same cloud SDKs, " +
                        "which would silently use only one of them; remove one provider's annotations from the ServiceAccount";
                }
            }
        }

        return null;
    }
}
