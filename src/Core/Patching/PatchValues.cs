using System.Text.Json;
using k8s.Models;
using PodIdentity.Core.Serialization;

namespace PodIdentity.Core.Patching;

/// <summary>
/// A provider's values with their patch JSON, encoded once when the value is made (when the provider is built,
/// or when a ServiceAccount is prepared), so a review only copies bytes. Merging reads the names beside the JSON.
/// </summary>
public static class PatchValue
{
    public static PatchEnvVar Env(string name, string value) =>
        new(name, value, JsonSerializer.SerializeToUtf8Bytes(new V1EnvVar { Name = name, Value = value }, CoreJsonContext.Default.V1EnvVar));

    public static PatchMount Mount(V1VolumeMount mount) =>
        new(mount.Name, mount.MountPath, JsonSerializer.SerializeToUtf8Bytes(mount, CoreJsonContext.Default.V1VolumeMount));

    public static PatchVolume Volume(V1Volume volume) =>
        new(volume.Name, JsonSerializer.SerializeToUtf8Bytes(volume, CoreJsonContext.Default.V1Volume));

    public static PatchContainer Container(V1Container container) =>
        new(container.Name, [.. container.VolumeMounts?.Select(m => m.Name) ?? []], JsonSerializer.SerializeToUtf8Bytes(container, CoreJsonContext.Default.V1Container));

    public static PatchAnnotation Annotation(string key, string value) =>
        new(key, value, PatchPath.Of("/metadata/annotations/" + JsonPointer.Escape(key)),
            JsonSerializer.SerializeToUtf8Bytes(value, CoreJsonContext.Default.String),
            JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { [key] = value }, CoreJsonContext.Default.DictionaryStringString));
}

public sealed record PatchEnvVar(string Name, string Value, byte[] Json);

public sealed record PatchMount(string Name, string MountPath, byte[] Json);

public sealed record PatchVolume(string Name, byte[] Json);

/// <summary>An init container a plan puts first; <see cref="MountedVolumes"/> count as mounted for the plan's volumes.</summary>
public sealed record PatchContainer(string Name, IReadOnlyList<string> MountedVolumes, byte[] Json);

/// <summary>A pod annotation: its own path and JSON, and the map to create when the pod has no annotations.</summary>
public sealed record PatchAnnotation(string Key, string Value, PatchPath Path, byte[] ValueJson, byte[] MapJson);
