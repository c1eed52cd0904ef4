using Microsoft.Extensions.Configuration;
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

    private readonly GcpOptions options;
    private readonly GcpAnnotationKeys keys;
    private readonly GcpAnnotationValidator validator;
    private readonly PatchVolume credentialsVolume;
    private readonly PatchVolume gcloudConfigVolume = PatchValue.Volume(new V1Volume { Name = GcloudConfigVolumeName, EmptyDir = new V1EmptyDirVolumeSource() });
    private readonly PatchMount[] directMounts;
    private readonly PatchMount[] gcloudMounts;
    private readonly EnvGroup credentialsGroup = new(PatchValue.Env("GOOGLE_APPLICATION_CREDENTIALS", CredentialsFile)) { IsIdentity = true };
    private readonly EnvGroup gcloudOverrideGroup = EnvGroup.Of("CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE", CredentialsFile);
    private readonly EnvGroup gcloudConfigGroup = EnvGroup.Of("CLOUDSDK_CONFIG", GcloudConfigMountPath);
    private readonly PatchContainer[] gcloudInitContainers;

    public static ProviderDescriptor<GcpOptions> Descriptor { get; } =
        new(GcpOptions.Section, static (section, o) => section.Bind(o), new GcpOptionsValidator(), o => o.Enabled, o => new GcpWorkloadIdentityProvider(o));

    public GcpWorkloadIdentityProvider(GcpOptions options)
    {
        this.options = options;
        keys = new GcpAnnotationKeys(options.AnnotationPrefix);
        validator = new GcpAnnotationValidator(keys);
        credentialsVolume = PatchValue.Volume(new V1Volume
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
        });
        var tokenMount = ProjectedToken.Mount(TokenVolumeName, TokenMountPath);
        var credentialsMount = ProjectedToken.Mount(CredentialsVolumeName, CredentialsMountPath);
        var gcloudConfigMount = new V1VolumeMount { Name = GcloudConfigVolumeName, MountPath = GcloudConfigMountPath };
        directMounts = [PatchValue.Mount(tokenMount), PatchValue.Mount(credentialsMount)];
        gcloudMounts = [.. directMounts, PatchValue.Mount(gcloudConfigMount)];
        gcloudInitContainers =
        [
            PatchValue.Container(new V1Container
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
                Env = [new V1EnvVar { Name = "CLOUDSDK_CONFIG", Value = GcloudConfigMountPath }],
                VolumeMounts = [tokenMount, credentialsMount, gcloudConfigMount],
                SecurityContext = RestrictedSecurityContext.For(GcloudUser),
            }),
        ];
    }

    public string Name => "gcp";

    public bool ReadsServiceAccountAnnotation(string key) =>
        key == keys.WorkloadIdentityProvider || key == keys.ServiceAccountEmail || key == keys.Audience || key == keys.TokenExpiration
        || key == keys.InjectionMode || key == keys.ProjectId || key == keys.ImpersonationLifetime;

    public PreparedIdentity? Prepare(ServiceAccountAnnotations serviceAccount)
    {
        if (serviceAccount.Get(keys.WorkloadIdentityProvider) is not { } providerPath)
        {
            return AnnotationSet.WithoutTrigger(serviceAccount, keys.WorkloadIdentityProvider, GcpWorkloadIdentity.ProviderExample,
                keys.ServiceAccountEmail, keys.Audience, keys.TokenExpiration, keys.InjectionMode, keys.ProjectId, keys.ImpersonationLifetime) is { } incomplete
                ? PreparedIdentity.Invalid(Name, [incomplete])
                : null;
        }

        if (validator.Problems(serviceAccount) is { } problems)
        {
            return PreparedIdentity.Invalid(Name, problems, keys.TokenExpiration);
        }

        var providerName = GcpWorkloadIdentity.ProviderName(providerPath)!;
        var email = serviceAccount.Get(keys.ServiceAccountEmail);
        var lifetime = serviceAccount.Get(keys.ImpersonationLifetime) is { } raw ? long.Parse(raw, NumberStyles.None, CultureInfo.InvariantCulture) : (long?)null;
        var gcloud = serviceAccount.Get(keys.InjectionMode) == GcpWorkloadIdentity.Gcloud;
        var volume = new TokenVolume(
            TokenVolumeName,
            serviceAccount.Get(keys.Audience) ?? (options.DefaultAudience.Length > 0 ? options.DefaultAudience : GcpWorkloadIdentity.ResourcePrefix + providerName),
            Annotations.ServiceAccountExpiration(serviceAccount, keys.TokenExpiration, options.TokenExpirationSeconds),
            TokenFileName,
            keys.TokenExpiration);

        var env = new List<EnvGroup>(4) { credentialsGroup, gcloudOverrideGroup };
        if (serviceAccount.Get(keys.ProjectId) is { } projectId)
        {
            env.Add(new EnvGroup(PatchValue.Env("CLOUDSDK_CORE_PROJECT", projectId), PatchValue.Env("GOOGLE_CLOUD_PROJECT", projectId)));
        }

        if (gcloud)
        {
            env.Add(gcloudConfigGroup);
        }

        var plan = new InjectionPlan(Name, keys.WorkloadIdentityProvider)
        {
            Mounts = gcloud ? gcloudMounts : directMounts,
            Env = env,

            // Env would point at a file that is not there: leave such a container out, with a warning.
            OnMountPathTaken = MountPathTaken.SkipContainer,
            PodAnnotations = [PatchValue.Annotation(keys.Credentials, GcpCredentialConfig.Create(providerName, TokenFile, email, lifetime))],
            InitContainers = gcloud ? gcloudInitContainers : [],
        };

        return PreparedIdentity.Of(Name, pod => volume.For(pod, out var problem) is not { } tokenVolume
            ? ProviderResult.Invalid([problem!])
            : ProviderResult.Inject(plan with
            {
                Volumes = gcloud ? [tokenVolume, credentialsVolume, gcloudConfigVolume] : [tokenVolume, credentialsVolume],
                SkipContainers = Annotations.SkipContainers(pod.PodAnnotations, keys.SkipContainers),
            }));
    }
}
