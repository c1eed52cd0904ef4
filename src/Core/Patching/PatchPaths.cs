using System.Text;
using System.Text.Json;

namespace PodIdentity.Core.Patching;

/// <summary>
/// JSON Pointer paths into containers. The common ones (the first 32 containers of each list)
/// are built once, with their JSON string bytes, since every review needs several of them.
/// </summary>
public static class PatchPaths
{
    private const int Cached = 32;
    private static readonly PatchPath[][] Regular = Build("/spec/containers/");
    private static readonly PatchPath[][] Init = Build("/spec/initContainers/");

    public static string Env(bool init, int index, bool append) => EnvPath(init, index, append).Text;

    public static string VolumeMounts(bool init, int index, bool append) => VolumeMountsPath(init, index, append).Text;

    internal static PatchPath Volumes { get; } = PatchPath.Encode("/spec/volumes");

    internal static PatchPath AppendVolume { get; } = PatchPath.Encode("/spec/volumes/-");

    internal static PatchPath EnvPath(bool init, int index, bool append) => Get(init, index, append ? 0 : 1, append ? "env/-" : "env");

    internal static PatchPath VolumeMountsPath(bool init, int index, bool append) =>
        Get(init, index, append ? 2 : 3, append ? "volumeMounts/-" : "volumeMounts");

    // Past the cache the path is built on demand, and the writer escapes it.
    private static PatchPath Get(bool init, int index, int slot, string suffix) =>
        index < Cached ? (init ? Init : Regular)[index][slot] : new($"{(init ? "/spec/initContainers/" : "/spec/containers/")}{index}/{suffix}", null);

    private static PatchPath[][] Build(string prefix) =>
        [.. Enumerable.Range(0, Cached).Select(i => new[]
        {
            PatchPath.Encode($"{prefix}{i}/env/-"),
            PatchPath.Encode($"{prefix}{i}/env"),
            PatchPath.Encode($"{prefix}{i}/volumeMounts/-"),
            PatchPath.Encode($"{prefix}{i}/volumeMounts"),
        })];
}

/// <summary>A path and, when known ahead, its JSON string form in UTF-8 (quoted and escaped as the patch writer would).</summary>
internal readonly record struct PatchPath(string Text, byte[]? Json)
{
    public static PatchPath Encode(string text) => new(text, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(text, Admission.CoreJsonContext.Default.String)));
}
