using k8s.Models;

namespace PodIdentity.Core.Providers;

/// <summary>The projected ServiceAccount token volume and its read-only mount, shared by every provider.</summary>
public static class ProjectedToken
{
    public static V1Volume Volume(string name, string audience, long expirationSeconds, string fileName) => new()
    {
        Name = name,
        Projected = new V1ProjectedVolumeSource
        {
            Sources =
            [
                new V1VolumeProjection
                {
                    ServiceAccountToken = new V1ServiceAccountTokenProjection
                    {
                        Audience = audience,
                        ExpirationSeconds = expirationSeconds,
                        Path = fileName,
                    },
                },
            ],
        },
    };

    public static V1VolumeMount Mount(string name, string mountPath) => new()
    {
        Name = name,
        MountPath = mountPath,
        ReadOnlyProperty = true,
    };

    public static bool IsWindows(V1Pod pod) =>
        pod.Spec?.NodeSelector is { } selector
        && (IsWindowsValue(selector, "kubernetes.io/os") || IsWindowsValue(selector, "beta.kubernetes.io/os"));

    private static bool IsWindowsValue(IDictionary<string, string> selector, string key) =>
        selector.TryGetValue(key, out var os) && os == "windows";
}
