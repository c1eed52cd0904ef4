using k8s.Models;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Patching;
using PodIdentity.Core.Validation;

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
}

/// <summary>
/// One ServiceAccount's token volume, encoded when the ServiceAccount is prepared with its own lifetime. A pod
/// may ask for another lifetime with the provider's token-expiration annotation; only such a pod gets a volume
/// encoded for it.
/// </summary>
public sealed class TokenVolume(string name, string audience, long expirationSeconds, string fileName, string expirationKey)
{
    public PatchVolume Default { get; } = PatchValue.Volume(ProjectedToken.Volume(name, audience, expirationSeconds, fileName));

    /// <summary>The volume for this pod, or null with <paramref name="problem"/> when its annotation is not a number of seconds.</summary>
    public PatchVolume? For(PodContext pod, out string? problem)
    {
        var asked = Annotations.PodExpiration(pod.PodAnnotations, expirationKey, pod.MaxPodTokenExpirationSeconds, pod.PodSubject, out problem);
        return problem is not null ? null
            : asked is { } seconds && seconds != expirationSeconds ? PatchValue.Volume(ProjectedToken.Volume(name, audience, seconds, fileName))
            : Default;
    }
}

/// <summary>What every init container a provider adds runs with: the Pod Security "restricted" profile, as <paramref name="user"/>.</summary>
public static class RestrictedSecurityContext
{
    public static V1SecurityContext For(long user) => new()
    {
        RunAsNonRoot = true,
        RunAsUser = user,
        AllowPrivilegeEscalation = false,
        ReadOnlyRootFilesystem = true,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };
}
