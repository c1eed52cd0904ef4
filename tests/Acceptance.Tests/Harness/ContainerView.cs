using System.Text.RegularExpressions;
using k8s.Models;

namespace PodIdentity.Acceptance.Tests.Harness;

/// <summary>
/// What one container of a mutated pod sees: its environment (as the kubelet resolves it) and, per mount
/// path, a directory under a temporary root holding the files the kubelet would put there. Nothing is
/// rewritten: values and paths are the injected ones; only the files' host location is ours.
/// </summary>
internal sealed partial class ContainerView : IDisposable
{
    private ContainerView(string root, IReadOnlyList<KeyValuePair<string, string>> environment, IReadOnlyList<Mount> mounts)
    {
        Root = root;
        Environment = environment;
        Mounts = mounts;
    }

    /// <summary>The temporary directory that holds every volume's files.</summary>
    public string Root { get; }

    /// <summary>Name=value in the container's order (a later duplicate replaces an earlier one, as in the kubelet).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; }

    public IReadOnlyList<Mount> Mounts { get; }

    public string? Env(string name) => Environment.LastOrDefault(e => e.Key == name).Value;

    /// <summary>Contents of a file as the container would read it at its absolute path.</summary>
    public string ReadFile(string containerPath)
    {
        var mount = Mounts.Where(m => containerPath.StartsWith(m.ContainerPath.TrimEnd('/') + "/", StringComparison.Ordinal))
            .MaxBy(m => m.ContainerPath.Length)
            ?? throw new FileNotFoundException($"no volume is mounted above {containerPath}");
        return File.ReadAllText(Path.Combine(mount.HostPath, containerPath[(mount.ContainerPath.TrimEnd('/').Length + 1)..]));
    }

    public static ContainerView Materialize(MutatedPod mutated, string containerName, ServiceAccountTokens tokens, ClusterObjects? objects = null)
    {
        objects ??= new ClusterObjects();
        var pod = mutated.Pod;
        var container = mutated.Container(containerName);
        var root = Directory.CreateTempSubdirectory("acceptance-").FullName;
        var environment = ResolveEnvironment(pod, container);

        var mounts = new List<Mount>();
        foreach (var mount in container.VolumeMounts ?? [])
        {
            if (!string.IsNullOrEmpty(mount.SubPath) || !string.IsNullOrEmpty(mount.SubPathExpr))
            {
                throw new NotSupportedException($"container {containerName}: mount {mount.Name} uses subPath, which the harness does not materialize");
            }

            var volume = pod.Spec.Volumes?.FirstOrDefault(v => v.Name == mount.Name)
                ?? throw new InvalidOperationException($"container {containerName} mounts volume \"{mount.Name}\", which the pod does not define");
            var directory = Path.Combine(root, "volumes", volume.Name);
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
                new VolumeWriter(mutated, tokens, objects, directory).Write(volume);
            }

            mounts.Add(new Mount(mount.MountPath, directory, mount.ReadOnlyProperty == true));
        }

        return new ContainerView(root, environment, mounts);
    }

    private static List<KeyValuePair<string, string>> ResolveEnvironment(V1Pod pod, V1Container container)
    {
        if (container.EnvFrom is { Count: > 0 })
        {
            throw new NotSupportedException($"container {container.Name}: envFrom is not materialized by the harness");
        }

        var environment = new List<KeyValuePair<string, string>>();
        foreach (var variable in container.Env ?? [])
        {
            var value = variable.ValueFrom is { } from ? FieldValue(pod, from, variable.Name) : variable.Value ?? "";

            // The kubelet expands $(NAME) references; no value we inject has one, so one here would be a surprise.
            if (value.Contains("$(", StringComparison.Ordinal))
            {
                throw new NotSupportedException($"container {container.Name}: env {variable.Name}=\"{value}\" has a $(VAR) reference, which the harness does not expand");
            }

            environment.RemoveAll(e => e.Key == variable.Name);
            environment.Add(new(variable.Name, value));
        }

        return environment;
    }

    private static string FieldValue(V1Pod pod, V1EnvVarSource source, string name) =>
        source.FieldRef is { } field
            ? DownwardValue(pod, field.FieldPath)
            : throw new NotSupportedException($"env {name}: only valueFrom.fieldRef is materialized by the harness");

    /// <summary>The downward API's value for a field path, as the kubelet writes it.</summary>
    public static string DownwardValue(V1Pod pod, string fieldPath)
    {
        var keyed = KeyedField().Match(fieldPath);
        if (keyed.Success)
        {
            var map = keyed.Groups["map"].Value == "annotations" ? pod.Metadata.Annotations : pod.Metadata.Labels;
            return map is not null && map.TryGetValue(keyed.Groups["key"].Value, out var value) ? value : "";
        }

        return fieldPath switch
        {
            "metadata.name" => pod.Metadata.Name ?? "",
            "metadata.namespace" => pod.Metadata.NamespaceProperty ?? "",
            "metadata.uid" => pod.Metadata.Uid ?? "",
            "spec.serviceAccountName" => pod.Spec.ServiceAccountName ?? "",
            "metadata.annotations" => AllOf(pod.Metadata.Annotations),
            "metadata.labels" => AllOf(pod.Metadata.Labels),
            _ => throw new NotSupportedException($"downward API field \"{fieldPath}\" is not materialized by the harness"),
        };
    }

    // The kubelet's format for a whole map: key="value" lines, sorted by key, values quoted like Go's %q.
    private static string AllOf(IDictionary<string, string>? map) =>
        string.Join("\n", (map ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + System.Text.Json.JsonSerializer.Serialize(p.Value)));

    [GeneratedRegex(@"^metadata\.(?<map>annotations|labels)\['(?<key>[^']+)'\]$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyedField();

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <param name="ContainerPath">The absolute mount path in the container, as injected.</param>
    /// <param name="HostPath">The directory under <see cref="Root"/> that holds the volume's files.</param>
    public sealed record Mount(string ContainerPath, string HostPath, bool ReadOnly);
}
