using k8s.Models;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Patching;
using PodIdentity.Core.Text;

namespace PodIdentity.Core.Mutation;

/// <summary>One container's env and mounts: what it had, plus what earlier plans added in this review.</summary>
/// <remarks>
/// Runs for every container of every pod: loops go by index over the plan's lists (a foreach over an
/// interface allocates an enumerator), and what was added is kept in lists sized by the plan.
/// </remarks>
internal sealed class ContainerPatch(V1Container container, bool isInit, int index)
{
    // Plans rarely carry more mounts than this; the choice of mounts is kept on the stack up to it.
    private const int StackMounts = 16;

    // Which plan added each variable, to tell agreement from conflict between providers.
    private List<AddedEnv>? addedEnv;
    private List<V1VolumeMount>? addedMounts;

    public string Name => container.Name;

    /// <summary>Applies the plan to this container; true if it changed anything. <paramref name="conflict"/> is set when the pod must be denied.</summary>
    public bool Apply(InjectionPlan plan, int variableCount, List<PatchOperation> operations, List<string> warnings, InjectionContext context, out string? conflict)
    {
        conflict = null;
        var groups = plan.Env;
        for (var g = 0; g < groups.Count; g++)
        {
            if (groups[g].IsIdentity && UserSetsAny(groups[g].Variables))
            {
                // The container brings its own identity: this provider adds nothing to it.
                return false;
            }
        }

        // Every mount is decided before any is added, as the user's pod and earlier plans left the container.
        var planMounts = plan.Mounts;
        var mountCount = planMounts.Count;
        Span<bool> addMount = mountCount <= StackMounts ? stackalloc bool[mountCount] : new bool[mountCount];
        for (var i = 0; i < mountCount; i++)
        {
            var mount = planMounts[i];
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
        for (var g = 0; g < groups.Count; g++)
        {
            var variables = groups[g].Variables;
            if (UserSetsAny(variables))
            {
                continue;
            }

            if (AddedBefore(variables, plan, context, out conflict))
            {
                if (conflict is not null)
                {
                    return false;
                }

                continue;
            }

            var json = variables as EncodedList<V1EnvVar>;
            for (var i = 0; i < variables.Count; i++)
            {
                AddEnv(variables[i], json?.JsonAt(i), plan, variableCount, operations);
            }

            changed = true;
        }

        var mountJson = planMounts as EncodedList<V1VolumeMount>;
        for (var i = 0; i < mountCount; i++)
        {
            if (addMount[i])
            {
                AddMount(planMounts[i], mountJson?.JsonAt(i), plan, operations);
                changed = true;
            }
        }

        return changed;
    }

    private bool UserSetsAny(IReadOnlyList<V1EnvVar> variables)
    {
        if (container.Env is not { Count: > 0 } env)
        {
            return false;
        }

        var envCount = env.Count;
        for (var i = 0; i < variables.Count; i++)
        {
            var name = variables[i].Name;
            for (var j = 0; j < envCount; j++)
            {
                if (env[j].Name == name)
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
    private bool AddedBefore(IReadOnlyList<V1EnvVar> variables, InjectionPlan plan, InjectionContext context, out string? conflict)
    {
        conflict = null;
        if (addedEnv is null)
        {
            return false;
        }

        var any = false;
        for (var i = 0; i < variables.Count; i++)
        {
            var variable = variables[i];
            var added = IndexOfAdded(variable.Name);
            if (added < 0)
            {
                continue;
            }

            var earlier = addedEnv[added];
            if (earlier.By != plan && earlier.Variable.Value != variable.Value)
            {
                conflict = EnvConflict.Message(context, earlier.By, plan, variable.Name, earlier.Variable.Value, variable.Value);
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

    /// <summary>True when the container mounts a volume of that name, its own mount or one added in this review.</summary>
    public bool HasMountNamed(string name) => IndexOfMountNamed(container.VolumeMounts, name) >= 0 || IndexOfMountNamed(addedMounts, name) >= 0;

    private V1VolumeMount? MountAt(string mountPath) => MountAt(container.VolumeMounts, mountPath) ?? MountAt(addedMounts, mountPath);

    private static int IndexOfMountNamed(IList<V1VolumeMount>? mounts, string name)
    {
        if (mounts is not null)
        {
            for (var i = 0; i < mounts.Count; i++)
            {
                if (mounts[i].Name == name)
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private static V1VolumeMount? MountAt(IList<V1VolumeMount>? mounts, string mountPath)
    {
        if (mounts is not null)
        {
            var path = mountPath.AsSpan().TrimEnd('/');
            for (var i = 0; i < mounts.Count; i++)
            {
                if (mounts[i].MountPath.AsSpan().TrimEnd('/').SequenceEqual(path))
                {
                    return mounts[i];
                }
            }
        }

        return null;
    }

    private void AddEnv(V1EnvVar variable, byte[]? json, InjectionPlan plan, int variableCount, List<PatchOperation> operations)
    {
        var append = container.Env is not null || addedEnv is not null;
        operations.Add(new(PatchPaths.EnvPath(isInit, index, append), variable, CoreJsonContext.Default.V1EnvVar) { Json = json, CreatesArray = !append });
        (addedEnv ??= new List<AddedEnv>(variableCount)).Add(new AddedEnv(variable, plan));
    }

    private void AddMount(V1VolumeMount mount, byte[]? json, InjectionPlan plan, List<PatchOperation> operations)
    {
        var append = container.VolumeMounts is not null || addedMounts is not null;
        operations.Add(new(PatchPaths.VolumeMountsPath(isInit, index, append), mount, CoreJsonContext.Default.V1VolumeMount) { Json = json, CreatesArray = !append });
        (addedMounts ??= new List<V1VolumeMount>(plan.Mounts.Count)).Add(mount);
    }

    private readonly record struct AddedEnv(V1EnvVar Variable, InjectionPlan By);
}
