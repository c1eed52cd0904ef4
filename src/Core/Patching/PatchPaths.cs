using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace PodIdentity.Core.Patching;

/// <summary>
/// JSON Pointer paths into containers. The common ones (the first 32 containers of each list)
/// are built once, with the bytes of an operation up to its value, since every review needs several of them.
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static PatchPath Get(bool init, int index, int slot, string suffix) =>
        index < Cached ? (init ? Init : Regular)[index][slot] : Built(init, index, suffix);

    // Past the cache the path is built on demand, and the writer escapes it. Kept out of Get, which then inlines.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PatchPath Built(bool init, int index, string suffix) =>
        new($"{(init ? "/spec/initContainers/" : "/spec/containers/")}{index}/{suffix}", null);

    private static PatchPath[][] Build(string prefix) =>
        [.. Enumerable.Range(0, Cached).Select(i => new[]
        {
            PatchPath.Encode($"{prefix}{i}/env/-"),
            PatchPath.Encode($"{prefix}{i}/env"),
            PatchPath.Encode($"{prefix}{i}/volumeMounts/-"),
            PatchPath.Encode($"{prefix}{i}/volumeMounts"),
        })];
}

/// <summary>
/// A path and, when known ahead, what the patch writer writes for an operation up to its value:
/// <c>{"op":"add","path":"…","value":</c>, in UTF-8, the path escaped as Utf8JsonWriter escapes it.
/// </summary>
internal readonly record struct PatchPath(string Text, byte[]? OperationStart)
{
    /// <summary>What Utf8JsonWriter writes for WriteStartObject, WriteString("op", "add") and WritePropertyName("path").</summary>
    public static ReadOnlySpan<byte> BeforePath => "{\"op\":\"add\",\"path\":"u8;

    /// <summary>What it writes after the path's string for WritePropertyName("value").</summary>
    public static ReadOnlySpan<byte> BeforeValue => ",\"value\":"u8;

    public static PatchPath Encode(string text) =>
        new(text, [.. BeforePath, .. Encoding.UTF8.GetBytes(JsonSerializer.Serialize(text, Admission.CoreJsonContext.Default.String)), .. BeforeValue]);
}
