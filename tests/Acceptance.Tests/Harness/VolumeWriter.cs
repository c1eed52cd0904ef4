using k8s.Models;

namespace PodIdentity.Acceptance.Tests.Harness;

/// <summary>Writes one volume's files the way the kubelet fills them: tokens signed for the volume's audience and lifetime, downward API values, ConfigMap and Secret keys.</summary>
internal sealed class VolumeWriter(MutatedPod mutated, ServiceAccountTokens tokens, ClusterObjects objects, string directory)
{
    // A projected token without an audience is for the API server itself.
    private const string ApiServerAudience = "https://kubernetes.default.svc";

    public void Write(V1Volume volume)
    {
        if (volume.Projected is { } projected)
        {
            foreach (var source in projected.Sources ?? [])
            {
                WriteProjection(volume.Name, source);
            }
        }
        else if (volume.DownwardAPI is { } downward)
        {
            WriteDownward(downward.Items);
        }
        else if (volume.ConfigMap is { } configMap)
        {
            WriteKeys(volume.Name, "ConfigMap", configMap.Name, objects.ConfigMaps, configMap.Items, configMap.Optional);
        }
        else if (volume.Secret is { } secret)
        {
            WriteKeys(volume.Name, "Secret", secret.SecretName, objects.Secrets, secret.Items, secret.Optional);
        }
        else if (volume.EmptyDir is null)
        {
            throw new NotSupportedException($"volume \"{volume.Name}\": only projected, downwardAPI, configMap, secret and emptyDir volumes are materialized by the harness");
        }
    }

    private void WriteProjection(string volumeName, V1VolumeProjection source)
    {
        if (source.ServiceAccountToken is { } token)
        {
            var pod = mutated.Pod;
            var serviceAccount = string.IsNullOrEmpty(pod.Spec.ServiceAccountName) ? "default" : pod.Spec.ServiceAccountName;

            // The API server's default and minimum: 3600 s when absent, at least 600 s.
            var lifetime = Math.Max(token.ExpirationSeconds ?? 3600, 600);
            WriteFile(token.Path, tokens.Issue(mutated.Namespace, serviceAccount, pod.Metadata.Name ?? "", token.Audience ?? ApiServerAudience, lifetime));
        }
        else if (source.DownwardAPI is { } downward)
        {
            WriteDownward(downward.Items);
        }
        else if (source.ConfigMap is { } configMap)
        {
            WriteKeys(volumeName, "ConfigMap", configMap.Name, objects.ConfigMaps, configMap.Items, configMap.Optional);
        }
        else if (source.Secret is { } secret)
        {
            WriteKeys(volumeName, "Secret", secret.Name, objects.Secrets, secret.Items, secret.Optional);
        }
        else
        {
            throw new NotSupportedException($"volume \"{volumeName}\": a projected source other than serviceAccountToken, downwardAPI, configMap or secret");
        }
    }

    private void WriteDownward(IList<V1DownwardAPIVolumeFile>? items)
    {
        foreach (var item in items ?? [])
        {
            var field = item.FieldRef?.FieldPath
                ?? throw new NotSupportedException($"downwardAPI item {item.Path}: only fieldRef is materialized by the harness");
            WriteFile(item.Path, ContainerView.DownwardValue(mutated.Pod, field));
        }
    }

    private void WriteKeys(string volumeName, string kind, string name, Dictionary<string, IReadOnlyDictionary<string, string>> source, IList<V1KeyToPath>? items, bool? optional)
    {
        if (!source.TryGetValue(name, out var data))
        {
            // The kubelet would keep the pod in ContainerCreating; a test that forgot the object should say so.
            if (optional == true)
            {
                return;
            }

            throw new InvalidOperationException($"volume \"{volumeName}\" needs {kind} \"{name}\"; add it to the test's ClusterObjects");
        }

        foreach (var (key, path) in items is { Count: > 0 } ? items.Select(i => (i.Key, i.Path)) : data.Keys.Select(k => (k, k)))
        {
            WriteFile(path, data.TryGetValue(key, out var value)
                ? value
                : throw new InvalidOperationException($"volume \"{volumeName}\": {kind} \"{name}\" has no key \"{key}\""));
        }
    }

    private void WriteFile(string relativePath, string contents)
    {
        var path = Path.Combine(directory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, contents);
    }
}
