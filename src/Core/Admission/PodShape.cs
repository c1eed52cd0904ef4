using k8s.Models;

namespace PodIdentity.Core.Admission;

/// <summary>
/// The one rule for nulls inside the lists and maps mutation reads: a <c>null</c> element of
/// <c>containers</c>, <c>initContainers</c>, <c>env</c>, <c>volumeMounts</c> or <c>volumes</c>, or a
/// <c>null</c> annotation or node-selector value, makes the pod unreadable. The API server never sends one
/// (Go decodes such a null into an empty value, which its validation then refuses), so it is a caller's
/// mistake: <c>/mutate</c> answers 400 and <c>preview</c> exits 2, each naming the field. Mutation itself
/// can then rely on every element being there. The decoder applies the rule as it reads
/// (<see cref="AdmissionRequest.ObjectProblem"/>), in the words below; <c>preview</c> decodes its pod the same way.
/// </summary>
public static class PodShape
{
    internal const string ContainerExpected = "a container object, e.g. {\"name\":\"app\",\"image\":\"busybox\"}";
    internal const string EnvVarExpected = "an env var object, e.g. {\"name\":\"MODE\",\"value\":\"prod\"}";
    internal const string VolumeMountExpected = "a volume mount object, e.g. {\"name\":\"data\",\"mountPath\":\"/data\"}";
    internal const string VolumeExpected = "a volume object, e.g. {\"name\":\"data\",\"emptyDir\":{}}";

    /// <summary>"spec.containers[1] is null: expected …" for the element at <paramref name="path"/>.</summary>
    internal static string NullElement(string path, string expected) => $"{path} is null: expected {expected}";

    internal static string NullAnnotation(string key) =>
        $"metadata.annotations[\"{Text.SafeText.Value(key)}\"] is null: expected a string (\"\" for an empty value)";

    internal static string NullNodeSelectorValue(string key) =>
        $"spec.nodeSelector[\"{Text.SafeText.Value(key)}\"] is null: expected a string";

    /// <summary>The rule for a ServiceAccount read from a file (preview): no null annotation value.</summary>
    public static string? NullElement(V1ServiceAccount serviceAccount) =>
        serviceAccount.Metadata?.Annotations?.FirstOrDefault(entry => entry.Value is null).Key is { } key ? NullAnnotation(key) : null;
}
