using k8s.Models;

namespace PodIdentity.Core.Mutation;

/// <summary>A provider's wish list for one pod. The merge step applies it without overwriting anything.</summary>
public sealed record InjectionPlan(string Provider, string TriggerAnnotation)
{
    private static readonly HashSet<string> NoNames = [];
    private static readonly Dictionary<string, string> NoAnnotations = [];

    /// <summary>Pod volumes; each is added only if no volume of that name exists and some container was changed.</summary>
    public IReadOnlyList<V1Volume> Volumes { get; init; } = [];

    /// <summary>Mounts for every selected container.</summary>
    public IReadOnlyList<V1VolumeMount> Mounts { get; init; } = [];

    /// <summary>Env groups, in order; a group is skipped whole if the container sets any of its names.</summary>
    public IReadOnlyList<EnvGroup> Env { get; init; } = [];

    /// <summary>Container names (regular or init) this provider leaves alone.</summary>
    public IReadOnlySet<string> SkipContainers { get; init; } = NoNames;

    public MountPathTaken OnMountPathTaken { get; init; } = MountPathTaken.SkipMount;

    /// <summary>Pod annotations to add when absent.</summary>
    public IReadOnlyDictionary<string, string> PodAnnotations { get; init; } = NoAnnotations;

    /// <summary>Init containers to put first, in this order, unless one of that name exists.</summary>
    public IReadOnlyList<V1Container> InitContainers { get; init; } = [];

    /// <summary>Admission warnings the provider wants the user to see.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// Providers whose credentials must not come with this plan's: the SDKs would silently use one of them.
    /// A ServiceAccount that gets a plan from both is denied, naming both trigger annotations.
    /// </summary>
    public IReadOnlySet<string> ExcludesProviders { get; init; } = NoNames;
}

/// <summary>Variables that only make sense together, such as a role ARN and its token file.</summary>
public sealed record EnvGroup(IReadOnlyList<V1EnvVar> Variables)
{
    public EnvGroup(params V1EnvVar[] variables) : this((IReadOnlyList<V1EnvVar>)variables) { }
}

/// <summary>What to do when a container already mounts another volume at the provider's mount path.</summary>
public enum MountPathTaken
{
    /// <summary>Keep the user's mount, still add env (the EKS webhook's behaviour).</summary>
    SkipMount,

    /// <summary>Leave the container out for this provider and warn: the token would not be where env points.</summary>
    SkipContainer,
}
