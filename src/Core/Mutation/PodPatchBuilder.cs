using PodIdentity.Core.Patching;
using PodIdentity.Core.Pods;

namespace PodIdentity.Core.Mutation;

/// <summary>
/// Applies plans to one pod as granular "add" operations against the pod as received:
/// arrays and maps are created only when absent, otherwise appended to, so fields this
/// webhook does not know about are never touched.
/// </summary>
internal sealed class PodPatchBuilder
{
    private readonly PodContext context;
    private readonly List<string> warnings;
    private readonly List<PatchOperation> operations = [];
    private readonly ContainerPatch[] containers;
    private List<string>? addedVolumes;
    private List<PatchContainer>? prependedInitContainers;
    private bool volumesExist;
    private bool annotationsExist;

    // Init containers the plans bring (complete as they are): no plan injects into another's on reinvocation either.
    private readonly HashSet<string>? ownInitContainers;

    public PodPatchBuilder(PodContext context, List<string> warnings, List<InjectionPlan> plans)
    {
        this.context = context;
        this.warnings = warnings;
        foreach (var plan in plans)
        {
            foreach (var own in plan.InitContainers)
            {
                (ownInitContainers ??= new HashSet<string>(StringComparer.Ordinal)).Add(own.Name);
            }
        }

        var pod = context.Pod;
        var regular = pod.Containers ?? [];
        var init = pod.InitContainers ?? [];
        containers = new ContainerPatch[regular.Count + init.Count];
        for (var i = 0; i < regular.Count; i++)
        {
            containers[i] = new ContainerPatch(regular[i], isInit: false, i);
        }

        for (var i = 0; i < init.Count; i++)
        {
            containers[regular.Count + i] = new ContainerPatch(init[i], isInit: true, i);
        }

        volumesExist = pod.Volumes is not null;
        annotationsExist = pod.Annotations is not null;
    }

    /// <summary>Set when two plans want different values for one variable in one container: the pod is denied.</summary>
    public string? Conflict { get; private set; }

    /// <summary>Applies one plan; true if it changed anything.</summary>
    public bool Apply(InjectionPlan plan)
    {
        var changed = false;
        foreach (var container in containers)
        {
            // The plans' own init containers come complete; on reinvocation they must not be injected like the user's.
            if (!plan.SkipContainers.Contains(container.Name) && ownInitContainers?.Contains(container.Name) != true)
            {
                changed |= container.Apply(plan, operations, warnings, context, out var conflict);
                if (conflict is not null)
                {
                    Conflict = conflict;
                    return false;
                }
            }
        }

        // Init containers serve the containers this plan changed: with none changed, they would only add noise.
        if (!changed)
        {
            return false;
        }

        foreach (var initContainer in plan.InitContainers)
        {
            if (!HasInitContainer(initContainer.Name))
            {
                (prependedInitContainers ??= []).Add(initContainer);
            }
        }

        foreach (var volume in plan.Volumes)
        {
            // A volume no container mounts (every mount of it skipped: path taken, identity brought along) is not added.
            if (IsMounted(volume.Name))
            {
                AddVolume(volume);
            }
        }

        foreach (var annotation in plan.PodAnnotations)
        {
            AddAnnotation(annotation, plan.Provider);
        }

        return true;
    }

    /// <summary>Init containers go first, after every edit that addresses init containers by their original index.</summary>
    public IReadOnlyList<PatchOperation> Finish()
    {
        if (prependedInitContainers is null)
        {
            return operations;
        }

        if (context.Pod.InitContainers is null)
        {
            operations.Add(new(PatchPaths.InitContainers, JsonArray(prependedInitContainers)));
        }
        else
        {
            for (var i = 0; i < prependedInitContainers.Count; i++)
            {
                operations.Add(new(PatchPath.Of($"/spec/initContainers/{i}"), prependedInitContainers[i].Json));
            }
        }

        return operations;
    }

    private static byte[] JsonArray(List<PatchContainer> items)
    {
        var json = new List<byte>(items.Sum(i => i.Json.Length + 1) + 1) { (byte)'[' };
        foreach (var item in items)
        {
            if (json.Count > 1)
            {
                json.Add((byte)',');
            }

            json.AddRange(item.Json);
        }

        json.Add((byte)']');
        return [.. json];
    }

    /// <summary>True when a container of the pod as patched so far (the user's, or an init container this review prepends) mounts <paramref name="volume"/>.</summary>
    private bool IsMounted(string volume)
    {
        foreach (var container in containers)
        {
            if (container.HasMountNamed(volume))
            {
                return true;
            }
        }

        return prependedInitContainers?.Exists(c => c.MountedVolumes.Contains(volume)) == true;
    }

    private bool HasInitContainer(string name) =>
        context.Pod.InitContainers?.Any(c => c.Name == name) == true || prependedInitContainers?.Exists(c => c.Name == name) == true;

    private void AddVolume(PatchVolume volume)
    {
        if (context.Pod.Volumes?.Contains(volume.Name) == true || addedVolumes?.Contains(volume.Name) == true)
        {
            return;
        }

        (addedVolumes ??= []).Add(volume.Name);
        operations.Add(new(volumesExist ? PatchPaths.AppendVolume : PatchPaths.Volumes, volume.Json, CreatesArray: !volumesExist));
        volumesExist = true;
    }

    private void AddAnnotation(PatchAnnotation annotation, string provider)
    {
        if (context.PodAnnotations.TryGetValue(annotation.Key, out var existing))
        {
            if (existing != annotation.Value)
            {
                warnings.Add($"{context.PodSubject} already has annotation {annotation.Key} with a different value; kept the pod's value, so {provider} credentials may not work as configured");
            }

            return;
        }

        operations.Add(annotationsExist ? new(annotation.Path, annotation.ValueJson) : new(PatchPaths.Annotations, annotation.MapJson));
        annotationsExist = true;
    }
}
