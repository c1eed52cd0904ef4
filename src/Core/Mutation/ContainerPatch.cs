using k8s.Models;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Patching;

namespace PodIdentity.Core.Mutation;

/// <summary>One container's env and mounts: what it had, plus what earlier plans added in this review.</summary>
internal sealed class ContainerPatch(V1Container container, bool isInit, int index)
{
    private List<V1EnvVar>? addedEnv;

    // Which plan added each entry of addedEnv, to tell agreement from conflict between providers.
    private List<InjectionPlan>? addedBy;
    private List<V1VolumeMount>? addedMounts;

    public string Name => container.Name;

    /// <summary>Applies the plan to this container; true if it changed anything. <paramref name="conflict"/> is set when the pod must be denied.</summary>
    public bool Apply(InjectionPlan plan, List<PatchOperation> operations, List<string> warnings, InjectionContext context, out string? conflict)
    {
        conflict = null;
        V1VolumeMount[]? mounts = null;
        var mountCount = 0;
        foreach (var mount in plan.Mounts)
        {
            if (MountNamed(mount.Name) is not null)
            {
                continue;
            }

            if (MountAt(mount.MountPath) is { } taken)
            {
                if (plan.OnMountPathTaken == MountPathTaken.SkipContainer)
                {
                    warnings.Add($"{context.PodSubject} container \"{Name}\" already mounts volume \"{taken.Name}\" at {taken.MountPath}; " +
                        $"{plan.Provider} credentials were not injected into it (remove that mount or list the container in the skip-containers annotation)");
                    return false;
                }

                continue;
            }

            (mounts ??= new V1VolumeMount[plan.Mounts.Count])[mountCount++] = mount;
        }

        var changed = false;
        foreach (var group in plan.Env)
        {
            if (UserSetsAny(group))
            {
                continue;
            }

            if (AddedByOtherPlan(group, plan, context) is { } clash)
            {
                conflict = clash;
                return false;
            }

            if (AddedAny(group))
            {
                continue;
            }

            foreach (var variable in group.Variables)
            {
                AddEnv(variable, plan, operations);
            }

            changed = true;
        }

        for (var i = 0; i < mountCount; i++)
        {
            AddMount(mounts![i], operations);
            changed = true;
        }

        return changed;
    }

    private bool UserSetsAny(EnvGroup group)
    {
        if (container.Env is { } env)
        {
            foreach (var variable in group.Variables)
            {
                foreach (var existing in env)
                {
                    if (existing.Name == variable.Name)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private bool AddedAny(EnvGroup group)
    {
        foreach (var variable in group.Variables)
        {
            if (IndexOfAdded(variable.Name) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The denial message when another plan already added one of these names with another value.</summary>
    private string? AddedByOtherPlan(EnvGroup group, InjectionPlan plan, InjectionContext context)
    {
        foreach (var variable in group.Variables)
        {
            var index = IndexOfAdded(variable.Name);
            if (index >= 0 && addedBy![index] != plan && addedEnv![index].Value != variable.Value)
            {
                return EnvConflict.Message(context, addedBy[index], plan, variable.Name, addedEnv[index].Value, variable.Value);
            }
        }

        return null;
    }

    private int IndexOfAdded(string name)
    {
        if (addedEnv is not null)
        {
            for (var i = 0; i < addedEnv.Count; i++)
            {
                if (addedEnv[i].Name == name)
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private V1VolumeMount? MountNamed(string name) =>
        Find(container.VolumeMounts, name, static (m, n) => m.Name == n) ?? Find(addedMounts, name, static (m, n) => m.Name == n);

    private V1VolumeMount? MountAt(string mountPath) =>
        Find(container.VolumeMounts, mountPath, SamePath) ?? Find(addedMounts, mountPath, SamePath);

    private static bool SamePath(V1VolumeMount mount, string path) =>
        mount.MountPath.AsSpan().TrimEnd('/').SequenceEqual(path.AsSpan().TrimEnd('/'));

    private static V1VolumeMount? Find(IList<V1VolumeMount>? mounts, string key, Func<V1VolumeMount, string, bool> match)
    {
        if (mounts is not null)
        {
            foreach (var mount in mounts)
            {
                if (match(mount, key))
                {
                    return mount;
                }
            }
        }

        return null;
    }

    private void AddEnv(V1EnvVar variable, InjectionPlan plan, List<PatchOperation> operations)
    {
        var append = container.Env is not null || addedEnv is not null;
        operations.Add(new(PatchPaths.Env(isInit, index, append), variable, CoreJsonContext.Default.V1EnvVar) { CreatesArray = !append });
        (addedEnv ??= []).Add(variable);
        (addedBy ??= []).Add(plan);
    }

    private void AddMount(V1VolumeMount mount, List<PatchOperation> operations)
    {
        var append = container.VolumeMounts is not null || addedMounts is not null;
        operations.Add(new(PatchPaths.VolumeMounts(isInit, index, append), mount, CoreJsonContext.Default.V1VolumeMount) { CreatesArray = !append });
        (addedMounts ??= []).Add(mount);
    }
}
