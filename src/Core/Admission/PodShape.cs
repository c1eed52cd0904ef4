using k8s.Models;

namespace PodIdentity.Core.Admission;

/// <summary>
/// The one rule for nulls inside the lists and maps mutation reads: a <c>null</c> element of
/// <c>containers</c>, <c>initContainers</c>, <c>env</c>, <c>volumeMounts</c> or <c>volumes</c>, or a
/// <c>null</c> annotation or node-selector value, makes the pod unreadable. The API server never sends one
/// (Go decodes such a null into an empty value, which its validation then refuses), so it is a caller's
/// mistake: <c>/mutate</c> answers 400 and <c>preview</c> exits 2, each naming the field. Mutation itself
/// can then rely on every element being there.
/// </summary>
public static class PodShape
{
    /// <summary>Null when the pod has no null element, else "spec.containers[1].env[0] is null: expected …".</summary>
    public static string? NullElement(V1Pod pod)
    {
        if (pod.Metadata?.Annotations is { } annotations && NullValue(annotations) is { } key)
        {
            return $"metadata.annotations[\"{Text.SafeText.Value(key)}\"] is null: expected a string (\"\" for an empty value)";
        }

        if (pod.Spec is not { } spec)
        {
            return null;
        }

        if (spec.NodeSelector is { } selector && NullValue(selector) is { } label)
        {
            return $"spec.nodeSelector[\"{Text.SafeText.Value(label)}\"] is null: expected a string";
        }

        return Containers(spec.Containers, "spec.containers")
            ?? Containers(spec.InitContainers, "spec.initContainers")
            ?? NullIn(spec.Volumes, "spec.volumes", "a volume object, e.g. {\"name\":\"data\",\"emptyDir\":{}}");
    }

    /// <summary>The same rule for a ServiceAccount read from a file (preview): no null annotation value.</summary>
    public static string? NullElement(V1ServiceAccount serviceAccount) =>
        serviceAccount.Metadata?.Annotations is { } annotations && NullValue(annotations) is { } key
            ? $"metadata.annotations[\"{Text.SafeText.Value(key)}\"] is null: expected a string (\"\" for an empty value)"
            : null;

    private static string? Containers(IList<V1Container>? containers, string path)
    {
        if (containers is null)
        {
            return null;
        }

        for (var i = 0; i < containers.Count; i++)
        {
            if (containers[i] is not { } container)
            {
                return $"{path}[{i}] is null: expected a container object, e.g. {{\"name\":\"app\",\"image\":\"busybox\"}}";
            }

            if (NullIn(container.Env, $"{path}[{i}].env", "an env var object, e.g. {\"name\":\"MODE\",\"value\":\"prod\"}") is { } env)
            {
                return env;
            }

            if (NullIn(container.VolumeMounts, $"{path}[{i}].volumeMounts", "a volume mount object, e.g. {\"name\":\"data\",\"mountPath\":\"/data\"}") is { } mount)
            {
                return mount;
            }
        }

        return null;
    }

    private static string? NullIn<T>(IList<T>? list, string path, string expected)
        where T : class
    {
        if (list is null)
        {
            return null;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                return $"{path}[{i}] is null: expected {expected}";
            }
        }

        return null;
    }

    private static string? NullValue(IDictionary<string, string> map)
    {
        // The decoder's maps are Dictionary: its struct enumerator keeps the common path free of allocation.
        if (map is Dictionary<string, string> dictionary)
        {
            foreach (var (key, value) in dictionary)
            {
                if (value is null)
                {
                    return key;
                }
            }

            return null;
        }

        foreach (var (key, value) in map)
        {
            if (value is null)
            {
                return key;
            }
        }

        return null;
    }
}
