using Microsoft.Extensions.Configuration;
using k8s.Models;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Patching;
using PodIdentity.Core.Validation;

namespace PodIdentity.Core.Providers.ContainerCredentials;

/// <summary>
/// Container credentials: a projected token plus AWS_CONTAINER_CREDENTIALS_FULL_URI and
/// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, from which AWS SDKs fetch (and refresh) credentials.
/// One class, two profiles: CoreWeave AI Object Storage and EKS Pod Identity-style endpoints.
/// </summary>
public sealed class ContainerCredentialsProvider : IIdentityProvider
{
    public const string FullUriVariable = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    public const string TokenFileVariable = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
    public const string AwsConfigKey = "config";

    private readonly ContainerCredentialsOptions options;
    private readonly ContainerCredentialsAnnotationKeys keys;
    private readonly ContainerCredentialsAnnotationValidator validator;
    private readonly string tokenFileName;
    private readonly PatchMount[] mounts;
    private readonly EnvGroup? fixedCredentialsGroup;
    private readonly EnvGroup[] optionalGroups;
    private readonly PatchVolume? awsConfigVolume;

    public static ProviderDescriptor<CoreWeaveOptions> CoreWeaveDescriptor { get; } =
        new(CoreWeaveOptions.Section, static (section, o) => section.Bind(o), new ContainerCredentialsOptionsValidator<CoreWeaveOptions>(), o => o.Enabled, o => new ContainerCredentialsProvider(o));

    public static ProviderDescriptor<EksPodIdentityOptions> EksPodIdentityDescriptor { get; } =
        new(EksPodIdentityOptions.Section, static (section, o) => section.Bind(o), new ContainerCredentialsOptionsValidator<EksPodIdentityOptions>(), o => o.Enabled, o => new ContainerCredentialsProvider(o));

    public ContainerCredentialsProvider(ContainerCredentialsOptions options)
    {
        this.options = options;
        keys = new ContainerCredentialsAnnotationKeys(options.AnnotationPrefix, options.UsesOrgId);
        validator = new ContainerCredentialsAnnotationValidator(keys, options);
        var tokenDirectory = ContainerCredentialsFormats.TokenDirectory(options.TokenPath);
        tokenFileName = options.TokenPath[(tokenDirectory.Length + 1)..];
        if (!options.UsesOrgId)
        {
            fixedCredentialsGroup = CredentialsGroup(options.CredentialsUri);
        }

        var optional = new List<EnvGroup>(3);
        if (options.S3Endpoint.Length > 0)
        {
            optional.Add(EnvGroup.Of("AWS_ENDPOINT_URL_S3", options.S3Endpoint));
        }

        if (options.Region.Length > 0)
        {
            optional.Add(new EnvGroup(PatchValue.Env("AWS_REGION", options.Region), PatchValue.Env("AWS_DEFAULT_REGION", options.Region)));
        }

        var tokenMount = PatchValue.Mount(ProjectedToken.Mount(options.VolumeName, tokenDirectory));
        if (options.AwsConfigMap.Length > 0)
        {
            var configDirectory = options.AwsConfigMountPath.TrimEnd('/');
            optional.Add(EnvGroup.Of("AWS_CONFIG_FILE", $"{configDirectory}/{AwsConfigKey}"));
            awsConfigVolume = PatchValue.Volume(new V1Volume
            {
                Name = options.AwsConfigVolumeName,
                ConfigMap = new V1ConfigMapVolumeSource
                {
                    Name = options.AwsConfigMap,
                    Items = [new V1KeyToPath { Key = AwsConfigKey, Path = AwsConfigKey }],
                },
            });
            mounts = [tokenMount, PatchValue.Mount(new V1VolumeMount { Name = options.AwsConfigVolumeName, MountPath = configDirectory, ReadOnlyProperty = true })];
        }
        else
        {
            mounts = [tokenMount];
        }

        optionalGroups = [.. optional];
    }

    public string Name => options.ProviderName;

    public bool ReadsServiceAccountAnnotation(string key) =>
        key == keys.Inject || key == keys.Audience || key == keys.TokenExpiration || (keys.OrgId is not null && key == keys.OrgId);

    public PreparedIdentity? Prepare(ServiceAccountAnnotations serviceAccount)
    {
        if (serviceAccount.Get(keys.Inject) is not { } inject)
        {
            var incomplete = keys.OrgId is { } orgId
                ? AnnotationSet.WithoutTrigger(serviceAccount, keys.Inject, "true", orgId, keys.Audience, keys.TokenExpiration)
                : AnnotationSet.WithoutTrigger(serviceAccount, keys.Inject, "true", keys.Audience, keys.TokenExpiration);
            return incomplete is null ? null : PreparedIdentity.Invalid(Name, [incomplete]);
        }

        // "false" is an explicit opt-out: nothing to inject and nothing to complain about.
        if (inject == "false")
        {
            return null;
        }

        if (validator.Problems(serviceAccount) is { } problems)
        {
            return PreparedIdentity.Invalid(Name, problems, keys.TokenExpiration);
        }

        var credentials = fixedCredentialsGroup ?? CredentialsGroup(options.CredentialsUri.Replace(
            ContainerCredentialsOptions.OrgIdPlaceholder, serviceAccount.Get(keys.OrgId!) ?? options.OrgId, StringComparison.Ordinal));
        var volume = new TokenVolume(
            options.VolumeName,
            serviceAccount.Get(keys.Audience) ?? options.Audience,
            Annotations.ServiceAccountExpiration(serviceAccount, keys.TokenExpiration, options.TokenExpirationSeconds),
            tokenFileName,
            keys.TokenExpiration);
        var plan = new InjectionPlan(Name, keys.Inject)
        {
            Mounts = mounts,
            Env = [credentials, .. optionalGroups],

            // Env pointing at a token that is not there would fail at the first S3 call; skip and say so.
            OnMountPathTaken = MountPathTaken.SkipContainer,
        };

        return PreparedIdentity.Of(Name, pod => volume.For(pod, out var problem) is not { } tokenVolume
            ? ProviderResult.Invalid([problem!])
            : ProviderResult.Inject(plan with
            {
                Volumes = awsConfigVolume is null ? [tokenVolume] : [tokenVolume, awsConfigVolume],
                SkipContainers = Annotations.SkipContainers(pod.PodAnnotations, keys.SkipContainers),
            }));
    }

    private EnvGroup CredentialsGroup(string uri) =>
        new(PatchValue.Env(FullUriVariable, uri), PatchValue.Env(TokenFileVariable, options.TokenPath)) { IsIdentity = true };
}
