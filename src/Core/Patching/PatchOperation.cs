using System.Text.Json.Serialization.Metadata;

namespace PodIdentity.Core.Patching;

/// <summary>
/// One RFC 6902 "add". The webhook only ever adds: appending with "/-", creating an array or
/// map only when it is absent. Replacing a whole array is how the EKS webhook lost fields.
/// </summary>
/// <param name="Path">JSON Pointer of what is added.</param>
/// <param name="Value">The model object added; <paramref name="ValueType"/> is how the source-generated context writes it.</param>
/// <param name="ValueType">Type information from <c>CoreJsonContext</c> for <paramref name="Value"/>.</param>
public readonly record struct PatchOperation(string Path, object Value, JsonTypeInfo ValueType)
{
    public const string Op = "add";

    internal PatchOperation(PatchPath path, object value, JsonTypeInfo valueType)
        : this(path.Text, value, valueType) => OperationStart = path.OperationStart;

    /// <summary>The operation's bytes up to its value when known ahead (see <see cref="PatchPaths"/>); null: the writer builds them.</summary>
    internal byte[]? OperationStart { get; init; }

    /// <summary>
    /// The JSON of <see cref="Value"/> when it was encoded ahead (a provider's fixed values, see
    /// <see cref="EncodedList{T}"/>); null when the writer has to serialize it.
    /// </summary>
    public byte[]? Json { get; init; }

    /// <summary>The operation creates the array: the value written is <c>[Value]</c>.</summary>
    public bool CreatesArray { get; init; }
}
