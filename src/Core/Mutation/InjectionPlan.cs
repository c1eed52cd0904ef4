using PodIdentity.Core.Patching;

namespace PodIdentity.Core.Mutation;

/// <summary>A provider's wish list for one pod. The merge step applies it without overwriting anything.</summary>
public sealed record InjectionPlan(string Provider, string TriggerAnnotation)
{
    private static readonly HashSet<string> NoNames = [];

    /// <summary>Pod volumes; each is added only if no volume of that name exists and some container mounts it.</summary>
    public IReadOnlyList<PatchVolume> Volumes { get; init; } = [];

    /// <summary>Mounts for every selected container.</summary>
    public IReadOnlyList<PatchMount> Mounts { get; init; } = [];

    /// <summary>Env groups, in order; a group is skipped whole if the container sets any of its names.</summary>
    public IReadOnlyList<EnvGroup> Env { get; init; } = [];

    /// <summary>Container names (regular or init) this provider leaves alone.</summary>
    public IReadOnlySet<string> SkipContainers { get; init; } = NoNames;

    public MountPathTaken OnMountPathTaken { get; init; } = MountPathTaken.SkipMount;

    /// <summary>Pod annotations to add when absent.</summary>
    public IReadOnlyList<PatchAnnotation> PodAnnotations { get; init; } = [];

    /// <summary>Init containers to put first, in this order, unless one of that name exists.</summary>
    public IReadOnlyList<PatchContainer> InitContainers { get; init; } = [];

    /// <summary>Admission warnings the provider wants the user to see.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// Providers whose credentials must not come with this plan's: the SDKs would silently use one of them.
    /// A ServiceAccount that gets a plan from both is denied, naming both trigger annotations.
    /// </summary>
    public IReadOnlySet<string> ExcludesProviders { get; init; } = NoNames;
}

/// <summary>Variables that only make sense together, such as a role ARN and its token file.</summary>
public sealed record EnvGroup(IReadOnlyList<PatchEnvVar> Variables)
{
    public EnvGroup(params PatchEnvVar[] variables) : this((IReadOnlyList<PatchEnvVar>)variables) { }

    /// <summary>
    /// The provider's identity (role ARN + token file, credentials URI + token file, credential file): a
    /// container that sets any of these itself manages its own credentials and is left untouched by the
    /// provider, no env and no mount, as the EKS webhook leaves a container that sets AWS_ROLE_ARN.
    /// </summary>
    public bool IsIdentity { get; init; }

    /// <summary>One variable on its own (e.g. Azure adds each of its variables where the container lacks it).</summary>
    public static EnvGroup Of(string name, string value) => new(PatchValue.Env(name, value));
}

/// <summary>What to do when a container already mounts another volume at the provider's mount path.</summary>
public enum MountPathTaken
{
    /// <summary>Keep the user's mount, still add env (the EKS webhook's behaviour).</summary>
    SkipMount,

    /// <summary>Leave the container out for this provider and warn: the token would not be where env points.</summary>
    SkipContainer,
}
