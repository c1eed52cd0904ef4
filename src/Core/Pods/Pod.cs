namespace PodIdentity.Core.Pods;

/// <summary>
/// The pod as mutation reads it, and nothing more: names, annotations, the labels providers read, the
/// ServiceAccount, node selector, containers and volume names. A <c>null</c> list or map means the pod has
/// none (a patch then creates it); an empty one means it has one with no entries (a patch appends to it).
/// </summary>
public sealed record Pod
{
    public string? Name { get; init; }

    public string? GenerateName { get; init; }

    public string? Namespace { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Only the labels a provider reads (e.g. <c>azure.workload.identity/use</c>); others are not kept.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public string? ServiceAccountName { get; init; }

    public IReadOnlyDictionary<string, string>? NodeSelector { get; init; }

    public IReadOnlyList<Container>? Containers { get; init; }

    public IReadOnlyList<Container>? InitContainers { get; init; }

    /// <summary>The names of the pod's volumes.</summary>
    public IReadOnlyList<string>? Volumes { get; init; }

    /// <summary>The ServiceAccount the pod runs as: <c>spec.serviceAccountName</c>, or "default" when unset.</summary>
    public string ServiceAccount => string.IsNullOrEmpty(ServiceAccountName) ? "default" : ServiceAccountName;

    /// <summary>How messages and logs name the pod: controller-made pods only have a generateName at admission.</summary>
    public string DisplayName =>
        Name is { Length: > 0 } ? Name : GenerateName is { Length: > 0 } ? GenerateName + "*" : "(unnamed)";
}

/// <summary>A container (regular or init) as mutation reads it.</summary>
public sealed record Container(string Name)
{
    public IReadOnlyList<EnvVar>? Env { get; init; }

    public IReadOnlyList<VolumeMount>? VolumeMounts { get; init; }
}

/// <summary>An env entry; <see cref="Value"/> is null for <c>valueFrom</c> entries.</summary>
public readonly record struct EnvVar(string Name, string? Value);

public readonly record struct VolumeMount(string Name, string MountPath);
