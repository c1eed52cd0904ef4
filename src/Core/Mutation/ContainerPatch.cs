using PodIdentity.Core.Patching;
using PodIdentity.Core.Pods;
using PodIdentity.Core.Text;

namespace PodIdentity.Core.Mutation;

/// <summary>One container's env and mounts: what it had, plus what earlier plans added in this review.</summary>
/// <remarks>Runs for every container of every review: index loops, as a foreach over an interface or a lambda allocates.</remarks>
internal sealed class ContainerPatch(Container container, bool isInit, int index)
{
    // Which plan added each variable, to tell agreement from conflict between providers.
    private List<(PatchEnvVar Variable, InjectionPlan By)>? addedEnv;
    private List<PatchMount>? addedMounts;

    public string Name => container.Name;

    /// <summary>Applies the plan to this container; true if it changed anything. <paramref name="conflict"/> is set when the pod must be denied.</summary>
    public bool Apply(InjectionPlan plan, List<PatchOperation> operations, List<string> warnings, PodContext context, out string? conflict)
    {
        conflict = null;
        foreach (var group in plan.Env)
        {
            if (group.IsIdentity && UserSetsAny(group.Variables))
            {
                // The container brings its own identity: this provider adds nothing to it.
                return false;
            }
        }

        // Every mount is decided before any is added, as the user's pod and earlier plans left the container.
        Span<bool> addMount = stackalloc bool[plan.Mounts.Count];
        for (var i = 0; i < addMount.Length; i++)
        {
            var mount = plan.Mounts[i];
            if (HasMountNamed(mount.Name))
            {
                continue;
            }

            if (MountAt(mount.MountPath) is { } taken)
            {
                if (plan.OnMountPathTaken == MountPathTaken.SkipContainer)
                {
                    warnings.Add($"{context.PodSubject} container \"{SafeText.Value(Name)}\" already mounts volume \"{SafeText.Value(taken.Name)}\" at {SafeText.Value(taken.MountPath)}; " +
                        $"{plan.Provider} credentials were not injected into it (remove that mount or list the container in the skip-containers annotation)");
                    return false;
                }

                continue;
            }

            addMount[i] = true;
        }

        var changed = false;
        foreach (var group in plan.Env)
        {
            if (UserSetsAny(group.Variables))
            {
                continue;
            }

            if (AddedBefore(group.Variables, plan, context, out conflict))
            {
                if (conflict is not null)
                {
                    return false;
                }

                continue;
            }

            foreach (var variable in group.Variables)
            {
                var append = container.Env is not null || addedEnv is not null;
                operations.Add(new(PatchPaths.Env(isInit, index, append), variable.Json, CreatesArray: !append));
                (addedEnv ??= []).Add((variable, plan));
            }

            changed = true;
        }

        for (var i = 0; i < addMount.Length; i++)
        {
            if (!addMount[i])
            {
                continue;
            }

            var mount = plan.Mounts[i];
            var append = container.VolumeMounts is not null || addedMounts is not null;
            operations.Add(new(PatchPaths.VolumeMounts(isInit, index, append), mount.Json, CreatesArray: !append));
            (addedMounts ??= []).Add(mount);
            changed = true;
        }

        return changed;
    }

    /// <summary>True when the container mounts a volume of that name, its own mount or one added in this review.</summary>
    public bool HasMountNamed(string name)
    {
        var own = container.VolumeMounts ?? [];
        for (var i = 0; i < own.Count; i++)
        {
            if (own[i].Name == name)
            {
                return true;
            }
        }

        for (var i = 0; i < (addedMounts?.Count ?? 0); i++)
        {
            if (addedMounts![i].Name == name)
            {
                return true;
            }
        }

        return false;
    }

    private bool UserSetsAny(IReadOnlyList<PatchEnvVar> variables)
    {
        var env = container.Env ?? [];
        for (var i = 0; i < env.Count; i++)
        {
            for (var j = 0; j < variables.Count; j++)
            {
                if (env[i].Name == variables[j].Name)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// True when an earlier plan, or an earlier group of this one, added any of these names: the group is
    /// then left out. <paramref name="conflict"/> is the denial message when another plan set one of them
    /// to another value (the first such variable of the group).
    /// </summary>
    private bool AddedBefore(IReadOnlyList<PatchEnvVar> variables, InjectionPlan plan, PodContext context, out string? conflict)
    {
        conflict = null;
        if (addedEnv is null)
        {
            return false;
        }

        var any = false;
        foreach (var variable in variables)
        {
            var added = IndexOfAdded(variable.Name);
            if (added < 0)
            {
                continue;
            }

            var (earlier, by) = addedEnv[added];
            if (by != plan && earlier.Value != variable.Value)
            {
                conflict = EnvConflict.Message(context, by, plan, variable.Name, earlier.Value, variable.Value);
                return true;
            }

            any = true;
        }

        return any;
    }

    private int IndexOfAdded(string name)
    {
        for (var i = 0; i < addedEnv!.Count; i++)
        {
            if (addedEnv[i].Variable.Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The mount (the container's own or one added in this review) at that path, trailing slashes ignored.</summary>
    private (string Name, string MountPath)? MountAt(string mountPath)
    {
        var path = mountPath.AsSpan().TrimEnd('/');
        var own = container.VolumeMounts ?? [];
        for (var i = 0; i < own.Count; i++)
        {
            if (own[i].MountPath.AsSpan().TrimEnd('/').SequenceEqual(path))
            {
                return (own[i].Name, own[i].MountPath);
            }
        }

        foreach (var mount in addedMounts ?? [])
        {
            if (mount.MountPath.AsSpan().TrimEnd('/').SequenceEqual(path))
            {
                return (mount.Name, mount.MountPath);
            }
        }

        return null;
    }
}
