using k8s.Models;
using PodIdentity.Core.Admission;
using PodIdentity.Core.Patching;

namespace PodIdentity.Core.Mutation;

/// <summary>
/// Applies plans to one pod as granular "add" operations against the pod as received:
/// arrays and maps are created only when absent, otherwise appended to, so fields this
/// webhook does not know about are never touched.
/// </summary>
internal sealed class PodPatchBuilder
{
    private readonly InjectionContext context;
    private readonly List<string> warnings;
    private readonly List<PatchOperation> operations = [];
    private readonly ContainerPatch[] containers;
    private List<string>? addedVolumes;
    private List<V1Container>? prependedInitContainers;
    private bool volumesExist;
    private bool annotationsExist;

    // Init containers the plans bring (complete as they are): no plan injects into another's on reinvocation either.
    private readonly HashSet<string>? ownInitContainers;

    public PodPatchBuilder(InjectionContext context, List<string> warnings, List<InjectionPlan> plans)
    {
        this.context = context;
        this.warnings = warnings;
        foreach (var plan in plans)
        {
            for (var i = 0; i < plan.InitContainers.Count; i++)
            {
                (ownInitContainers ??= new HashSet<string>(StringComparer.Ordinal)).Add(plan.InitContainers[i].Name);
            }
        }

        var spec = context.Pod.Spec;
        var regular = spec?.Containers ?? [];
        var init = spec?.InitContainers ?? [];
        containers = new ContainerPatch[regular.Count + init.Count];
        for (var i = 0; i < regular.Count; i++)
        {
            containers[i] = new ContainerPatch(regular[i], isInit: false, i);
        }

        for (var i = 0; i < init.Count; i++)
        {
            containers[regular.Count + i] = new ContainerPatch(init[i], isInit: true, i);
        }

        volumesExist = spec?.Volumes is not null;
        annotationsExist = context.Pod.Metadata?.Annotations is not null;
    }

    /// <summary>Set when two plans want different values for one variable in one container: the pod is denied.</summary>
    public string? Conflict { get; private set; }

    /// <summary>Applies one plan; true if it changed anything.</summary>
    public bool Apply(InjectionPlan plan)
    {
        var variableCount = 0;
        for (var g = 0; g < plan.Env.Count; g++)
        {
            variableCount += plan.Env[g].Variables.Count;
        }

        // At most every variable and mount in every container, plus the pod-level additions: one allocation, no growing.
        operations.EnsureCapacity(operations.Count + (containers.Length * (variableCount + plan.Mounts.Count)) + plan.Volumes.Count + plan.PodAnnotations.Count);

        var skip = plan.SkipContainers.Count > 0 ? plan.SkipContainers : null;
        var changed = false;
        foreach (var container in containers)
        {
            // The plans' own init containers come complete; on reinvocation they must not be injected like the user's.
            if (skip?.Contains(container.Name) != true && ownInitContainers?.Contains(container.Name) != true)
            {
                changed |= container.Apply(plan, variableCount, operations, warnings, context, out var conflict);
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

        for (var i = 0; i < plan.InitContainers.Count; i++)
        {
            var initContainer = plan.InitContainers[i];
            if (!HasInitContainer(initContainer.Name))
            {
                (prependedInitContainers ??= []).Add(initContainer);
            }
        }

        var volumeJson = plan.Volumes as EncodedList<V1Volume>;
        for (var i = 0; i < plan.Volumes.Count; i++)
        {
            AddVolume(plan.Volumes[i], volumeJson?.JsonAt(i));
        }

        if (plan.PodAnnotations.Count > 0)
        {
            foreach (var (key, value) in plan.PodAnnotations)
            {
                AddAnnotation(key, value, plan.Provider);
            }
        }

        return true;
    }

    /// <summary>Init containers go first, after every edit that addresses init containers by their original index.</summary>
    public IReadOnlyList<PatchOperation> Finish()
    {
        if (prependedInitContainers is { } added)
        {
            if (context.Pod.Spec?.InitContainers is null)
            {
                operations.Add(new("/spec/initContainers", added, CoreJsonContext.Default.ListV1Container));
            }
            else
            {
                for (var i = 0; i < added.Count; i++)
                {
                    operations.Add(new($"/spec/initContainers/{i}", added[i], CoreJsonContext.Default.V1Container));
                }
            }
        }

        return operations;
    }

    private static int IndexOfNamed(List<V1Container> containers, string name)
    {
        for (var i = 0; i < containers.Count; i++)
        {
            if (containers[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    private bool HasInitContainer(string name)
    {
        if (context.Pod.Spec?.InitContainers is { } existing)
        {
            for (var i = 0; i < existing.Count; i++)
            {
                if (existing[i].Name == name)
                {
                    return true;
                }
            }
        }

        return prependedInitContainers is not null && IndexOfNamed(prependedInitContainers, name) >= 0;
    }

    private void AddVolume(V1Volume volume, byte[]? json)
    {
        if (context.Pod.Spec?.Volumes is { } existing)
        {
            for (var i = 0; i < existing.Count; i++)
            {
                if (existing[i].Name == volume.Name)
                {
                    return;
                }
            }
        }

        if (addedVolumes?.Contains(volume.Name) == true)
        {
            return;
        }

        (addedVolumes ??= []).Add(volume.Name);
        operations.Add(new(volumesExist ? PatchPaths.AppendVolume : PatchPaths.Volumes, volume, CoreJsonContext.Default.V1Volume) { Json = json, CreatesArray = !volumesExist });
        volumesExist = true;
    }

    private void AddAnnotation(string key, string value, string provider)
    {
        if (context.PodAnnotations.TryGetValue(key, out var existing))
        {
            if (existing != value)
            {
                warnings.Add($"{context.PodSubject} already has annotation {key} with a different value; kept the pod's value, so {provider} credentials may not work as configured");
            }

            return;
        }

        operations.Add(annotationsExist
            ? new($"/metadata/annotations/{JsonPointer.Escape(key)}", value, CoreJsonContext.Default.String)
            : new("/metadata/annotations", new Dictionary<string, string> { [key] = value }, CoreJsonContext.Default.DictionaryStringString));
        annotationsExist = true;
    }
}
