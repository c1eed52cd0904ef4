namespace PodIdentity.Core.Patching;

/// <summary>
/// The paths every review needs (into the first 32 containers of each list, the pod's volumes), made once with
/// their operation bytes; paths past those are made when asked for.
/// </summary>
public static class PatchPaths
{
    private const int Cached = 32;
    private static readonly PatchPath[][] Regular = Build("/spec/containers/");
    private static readonly PatchPath[][] Init = Build("/spec/initContainers/");

    public static PatchPath Volumes { get; } = PatchPath.Of("/spec/volumes");

    public static PatchPath AppendVolume { get; } = PatchPath.Of("/spec/volumes/-");

    public static PatchPath Annotations { get; } = PatchPath.Of("/metadata/annotations");

    public static PatchPath InitContainers { get; } = PatchPath.Of("/spec/initContainers");

    public static PatchPath Env(bool init, int index, bool append) => Get(init, index, append ? 0 : 1, append ? "env/-" : "env");

    public static PatchPath VolumeMounts(bool init, int index, bool append) => Get(init, index, append ? 2 : 3, append ? "volumeMounts/-" : "volumeMounts");

    private static PatchPath Get(bool init, int index, int slot, string suffix) =>
        index < Cached ? (init ? Init : Regular)[index][slot] : PatchPath.Of($"{(init ? "/spec/initContainers/" : "/spec/containers/")}{index}/{suffix}");

    private static PatchPath[][] Build(string prefix) =>
        [.. Enumerable.Range(0, Cached).Select(i => new[]
        {
            PatchPath.Of($"{prefix}{i}/env/-"),
            PatchPath.Of($"{prefix}{i}/env"),
            PatchPath.Of($"{prefix}{i}/volumeMounts/-"),
            PatchPath.Of($"{prefix}{i}/volumeMounts"),
        })];
}
