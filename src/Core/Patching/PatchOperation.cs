namespace PodIdentity.Core.Patching;

/// <summary>
/// One RFC 6902 "add": a path and its value as ready JSON. The webhook only ever adds: appending with "/-",
/// creating an array or map only when it is absent. Replacing a whole array is how the EKS webhook lost fields.
/// </summary>
/// <param name="Path">Where the value goes, with the operation's bytes up to its value.</param>
/// <param name="Value">The value's JSON, as Utf8JsonWriter with default options writes it.</param>
/// <param name="CreatesArray">The operation creates the array: the value written is <c>[Value]</c>.</param>
public readonly record struct PatchOperation(PatchPath Path, byte[] Value, bool CreatesArray = false)
{
    public const string Op = "add";
}
