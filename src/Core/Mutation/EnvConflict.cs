namespace PodIdentity.Core.Mutation;

/// <summary>Two providers setting one variable to different values would leave a silent winner; refuse instead.</summary>
internal static class EnvConflict
{
    public static string? Find(InjectionContext context, List<InjectionPlan> plans)
    {
        for (var i = 0; i < plans.Count; i++)
        {
            for (var j = i + 1; j < plans.Count; j++)
            {
                foreach (var group in plans[i].Env)
                {
                    foreach (var variable in group.Variables)
                    {
                        if (ValueIn(plans[j], variable.Name) is { } other && other != variable.Value)
                        {
                            var first = plans[i];
                            var second = plans[j];
                            return $"{context.ServiceAccountSubject}: annotations {first.TriggerAnnotation} ({first.Provider}) and " +
                                $"{second.TriggerAnnotation} ({second.Provider}) would both set {variable.Name} " +
                                $"(\"{variable.Value}\" and \"{other}\"); remove one of the annotations, or change the configuration " +
                                $"so only one of them sets {variable.Name}";
                        }
                    }
                }
            }
        }

        return null;
    }

    private static string? ValueIn(InjectionPlan plan, string name)
    {
        foreach (var group in plan.Env)
        {
            foreach (var variable in group.Variables)
            {
                if (variable.Name == name)
                {
                    return variable.Value ?? "";
                }
            }
        }

        return null;
    }
}
