using k8s.Models;
using PodIdentity.Core.Admission;

namespace PodIdentity.Core.Patching;

/// <summary>
/// Builds a provider's fixed values with their patch JSON (see <see cref="EncodedList{T}"/>), with the
/// same type information the patch would use, so the bytes are the ones the serializer writes.
/// </summary>
public static class Encoded
{
    public static EncodedList<V1EnvVar> Env(params ReadOnlySpan<V1EnvVar> variables) => new(variables, CoreJsonContext.Default.V1EnvVar);

    public static EncodedList<V1VolumeMount> Mounts(params ReadOnlySpan<V1VolumeMount> mounts) => new(mounts, CoreJsonContext.Default.V1VolumeMount);

    public static EncodedList<V1Volume> Volumes(params ReadOnlySpan<V1Volume> volumes) => new(volumes, CoreJsonContext.Default.V1Volume);
}
