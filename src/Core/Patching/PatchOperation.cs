using System.Text.Json.Serialization.Metadata;

namespace PodIdentity.Core.Patching;

/// <summary>
/// One RFC 6902 "add". The webhook only ever adds: appending with "/-", creating an array or
/// map only when it is absent. Replacing a whole array is how the EKS webhook lost fields.
/// </summary>
public readonly record struct PatchOperation(string Path, object Value, JsonTypeInfo ValueType)
{
    public const string Op = "add";
}
