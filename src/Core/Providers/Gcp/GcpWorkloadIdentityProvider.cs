using Microsoft.Extensions.Configuration;
using System.Collections.Concurrent;
using System.Globalization;
using k8s.Models;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Patching;
using PodIdentity.Core.Validation;

namespace PodIdentity.Core.Providers.Gcp;

/// <summary>
/// GCP Workload Identity Federation for clusters outside GCP: the pod's projected ServiceAccount token is
/// exchanged at Google STS through an external_account credential configuration. Annotation names follow
/// pfnet-research/gcp-workload-identity-federation-webhook. In the default "direct" mode the configuration is a
/// pod annotation read through a downwardAPI volume: no init container, no ConfigMap, no extra RBAC.
/// </summary>
public sealed class GcpWorkloadIdentityProvider : IIdentityProvider
{
    public const string TokenVolumeName = "gcp-iam-token";
    public const string TokenMountPath = "/var/run/secrets/sts.googleapis.com/serviceaccount";
    public const string TokenFileName = "token";
    public const string TokenFile = TokenMountPath + "/" + TokenFileName;

    public const string CredentialsVolumeName = "gcp-credentials";
    public const string CredentialsMountPath = "/var/run/secrets/workload-identity";
    public const string CredentialsFileName = "federation.json";
    public const string CredentialsFile = CredentialsMountPath + "/" + CredentialsFileName;

    public const string GcloudConfigVolumeName = "gcloud-config";
    public const string GcloudConfigMountPath = "/var/run/secrets/gcloud/config";
    public const string GcloudInitContainerName = "gcloud-auth";

    /// <summary>The distroless "nonroot" user; the gcloud image runs as root unless told otherwise.</summary>
    public const long GcloudUser = 65532;

    private const int MaxCachedCredentials = 4096;

    private readonly GcpOptions options;
    private readonly GcpAnnotationKeys keys;
    private readonly GcpAnnotationValidator validator;
    private readonly V1VolumeMount tokenMount = ProjectedToken.Mount(TokenVolumeName, TokenMountPath);
    private readonly V1VolumeMount credentialsMount = ProjectedToken.Mount(CredentialsVolumeName, CredentialsMountPath);
    private readonly V1VolumeMount gcloudConfigMount = new() { Name = GcloudConfigVolumeName, MountPath = GcloudConfigMountPath };
    private readonly V1Volume credentialsVolume;
    private readonly V1Volume gcloudConfigVolume = new() { Name = GcloudConfigVolumeName, EmptyDir = new V1EmptyDirVolumeSource() };
    private readonly V1Container gcloudInitContainer;
    private readonly EncodedList<V1VolumeMount> directMounts;
    private readonly EncodedList<V1VolumeMount> gcloudMounts;
    private readonly EnvGroup credentialsGroup = new(Encoded.Env(Env.Var("GOOGLE_APPLICATION_CREDENTIALS", CredentialsFile))) { IsIdentity = true };
    private readonly EnvGroup gcloudOverrideGroup = new(Encoded.Env(Env.Var("CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE", CredentialsFile)));
    private readonly EnvGroup gcloudConfigGroup = new(Encoded.Env(Env.Var("CLOUDSDK_CONFIG", GcloudConfigMountPath)));
    private readonly IReadOnlyList<V1Container> gcloudInitContainers;

    // The configuration depends only on ServiceAccount annotations, so it is built once per distinct identity.
    private readonly ConcurrentDictionary<CredentialKey, string> credentials = new();

    public static ProviderDescriptor<GcpOptions> Descriptor { get; } =
        new(GcpOptions.Section, static (section, o) => section.Bind(o), new GcpOptionsValidator(), o => o.Enabled, o => new GcpWorkloadIdentityProvider(o));

    public GcpWorkloadIdentityProvider(GcpOptions options)
    {
        this.options = options;
        keys = new GcpAnnotationKeys(options.AnnotationPrefix);
        validator = new GcpAnnotationValidator(keys);
        credentialsVolume = new V1Volume
        {
            Name = CredentialsVolumeName,
            DownwardAPI = new V1DownwardAPIVolumeSource
            {
                Items =
                [
                    new V1DownwardAPIVolumeFile
                    {
                        Path = CredentialsFileName,
                        FieldRef = new V1ObjectFieldSelector { FieldPath = $"metadata.annotations['{keys.Credentials}']" },
                    },
                ],
            },
        };
        directMounts = Encoded.Mounts(tokenMount, credentialsMount);
        gcloudMounts = Encoded.Mounts(tokenMount, credentialsMount, gcloudConfigMount);
        gcloudInitContainer = new V1Container
        {
            Name = GcloudInitContainerName,
            Image = options.GcloudImage,
            Command =
            [
                "/bin/sh",
                "-c",
                // gcloud writes its credential files 0600; the app may run as another user.
                $"gcloud auth login --quiet --cred-file={CredentialsFile} && chmod -R a+rwX \"$CLOUDSDK_CONFIG\"",
            ],
            Env = [Env.Var("CLOUDSDK_CONFIG", GcloudConfigMountPath)],
            VolumeMounts = gcloudMounts.ToList(),
            SecurityContext = new V1SecurityContext
            {
                RunAsNonRoot = true,
                RunAsUser = GcloudUser,
                AllowPrivilegeEscalation = false,
                ReadOnlyRootFilesystem = true,
                Capabilities = new V1Capabilities { Drop = ["ALL"] },
                SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
            },
        };
        gcloudInitContainers = [gcloudInitContainer];
    }

    public string Name => "gcp";

    public bool ReadsServiceAccountAnnotation(string key) =>
        key == keys.WorkloadIdentityProvider || key == keys.ServiceAccountEmail || key == keys.Audience || key == keys.TokenExpiration
        || key == keys.InjectionMode || key == keys.ProjectId || key == keys.ImpersonationLifetime;

    public ProviderResult Plan(InjectionContext context)
    {
        if (!context.ServiceAccountAnnotations.TryGetValue(keys.WorkloadIdentityProvider, out var providerPath))
        {
            return AnnotationSet.WithoutTrigger(context, keys.WorkloadIdentityProvider, GcpWorkloadIdentity.ProviderExample,
                keys.ServiceAccountEmail, keys.Audience, keys.TokenExpiration, keys.InjectionMode, keys.ProjectId, keys.ImpersonationLifetime);
        }

        if (validator.Problems(context) is { } problems)
        {
            return ProviderResult.Invalid(problems);
        }

        var sa = context.ServiceAccountAnnotations;
        var providerName = GcpWorkloadIdentity.ProviderName(providerPath)!;
        var email = Annotations.Get(sa, keys.ServiceAccountEmail);
        var lifetime = Annotations.Get(sa, keys.ImpersonationLifetime) is { } raw ? long.Parse(raw, NumberStyles.None, CultureInfo.InvariantCulture) : (long?)null;
        var audience = Annotations.Get(sa, keys.Audience)
            ?? (options.DefaultAudience.Length > 0 ? options.DefaultAudience : GcpWorkloadIdentity.ResourcePrefix + providerName);
        var expiration = Annotations.TokenExpiration(context, keys.TokenExpiration, options.TokenExpirationSeconds);
        var gcloud = Annotations.Get(sa, keys.InjectionMode) == GcpWorkloadIdentity.Gcloud;
        var projectId = Annotations.Get(sa, keys.ProjectId);

        var env = new List<EnvGroup>(4) { credentialsGroup, gcloudOverrideGroup };
        if (projectId is not null)
        {
            env.Add(new EnvGroup(Env.Var("CLOUDSDK_CORE_PROJECT", projectId), Env.Var("GOOGLE_CLOUD_PROJECT", projectId)));
        }

        if (gcloud)
        {
            env.Add(gcloudConfigGroup);
        }

        var tokenVolume = ProjectedToken.Volume(TokenVolumeName, audience, expiration, TokenFileName);
        return ProviderResult.Inject(new InjectionPlan(Name, keys.WorkloadIdentityProvider)
        {
            Volumes = gcloud ? [tokenVolume, credentialsVolume, gcloudConfigVolume] : [tokenVolume, credentialsVolume],
            Mounts = gcloud ? gcloudMounts : directMounts,
            Env = env,
            SkipContainers = Annotations.SkipContainers(context.PodAnnotations, keys.SkipContainers),

            // Env would point at a file that is not there: leave such a container out, with a warning.
            OnMountPathTaken = MountPathTaken.SkipContainer,
            PodAnnotations = new Dictionary<string, string>(1) { [keys.Credentials] = Credentials(providerName, email, lifetime) },
            InitContainers = gcloud ? gcloudInitContainers : [],
        });
    }

    private string Credentials(string providerName, string? email, long? lifetime)
    {
        var key = new CredentialKey(providerName, email, lifetime);
        if (credentials.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (credentials.Count >= MaxCachedCredentials)
        {
            credentials.Clear();
        }

        var created = GcpCredentialConfig.Create(providerName, TokenFile, email, lifetime);
        credentials.TryAdd(key, created);
        return created;
    }

    private readonly record struct CredentialKey(string ProviderName, string? Email, long? Lifetime);
}
