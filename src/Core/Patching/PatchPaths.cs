namespace PodIdentity.Core.Patching;

/// <summary>
/// JSON Pointer paths into containers. The common ones (the first 32 containers of each list)
/// are built once, since every review needs several of them.
/// </summary>
public static class PatchPaths
{
    private const int Cached = 32;
    private static readonly string[][] Regular = Build("/spec/containers/");
    private static readonly string[][] Init = Build("/spec/initContainers/");

    public static string Env(bool init, int index, bool append) => Get(init, index, append ? 0 : 1, append ? "env/-" : "env");

    public static string VolumeMounts(bool init, int index, bool append) =>
        Get(init, index, append ? 2 : 3, append ? "volumeMounts/-" : "volumeMounts");

    private static string Get(bool init, int index, int slot, string suffix) =>
        index < Cached ? (init ? Init : Regular)[index][slot] : $"{(init ? "/spec/initContainers/" : "/spec/containers/")}{index}/{suffix}";

    private static string[][] Build(string prefix) =>
        [.. Enumerable.Range(0, Cached).Select(i => new[] { $"{prefix}{i}/env/-", $"{prefix}{i}/env", $"{prefix}{i}/volumeMounts/-", $"{prefix}{i}/volumeMounts" })];
}
