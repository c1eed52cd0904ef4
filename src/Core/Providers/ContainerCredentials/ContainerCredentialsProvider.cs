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
    private readonly EncodedList<V1VolumeMount> mounts;
    private readonly EnvGroup? fixedCredentialsGroup;
    private readonly EnvGroup[] optionalGroups;
    private readonly V1Volume? awsConfigVolume;

    // Built and encoded once per org id's URI, and per audience and lifetime (most pods share the configured ones).
    private readonly EncodedValueCache<string, EnvGroup> credentialsGroups;
    private readonly EncodedValueCache<(string Audience, long Expiration), EncodedList<V1Volume>> volumes;

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
            fixedCredentialsGroup = new EnvGroup(Encoded.Env(Env.Var(FullUriVariable, options.CredentialsUri), Env.Var(TokenFileVariable, options.TokenPath))) { IsIdentity = true };
        }

        var optional = new List<EnvGroup>(3);
        if (options.S3Endpoint.Length > 0)
        {
            optional.Add(new EnvGroup(Encoded.Env(Env.Var("AWS_ENDPOINT_URL_S3", options.S3Endpoint))));
        }

        if (options.Region.Length > 0)
        {
            optional.Add(new EnvGroup(Encoded.Env(Env.Var("AWS_REGION", options.Region), Env.Var("AWS_DEFAULT_REGION", options.Region))));
        }

        var tokenMount = ProjectedToken.Mount(options.VolumeName, tokenDirectory);
        if (options.AwsConfigMap.Length > 0)
        {
            var configDirectory = options.AwsConfigMountPath.TrimEnd('/');
            optional.Add(new EnvGroup(Encoded.Env(Env.Var("AWS_CONFIG_FILE", $"{configDirectory}/{AwsConfigKey}"))));
            awsConfigVolume = new V1Volume
            {
                Name = options.AwsConfigVolumeName,
                ConfigMap = new V1ConfigMapVolumeSource
                {
                    Name = options.AwsConfigMap,
                    Items = [new V1KeyToPath { Key = AwsConfigKey, Path = AwsConfigKey }],
                },
            };
            mounts = Encoded.Mounts(tokenMount, new V1VolumeMount { Name = options.AwsConfigVolumeName, MountPath = configDirectory, ReadOnlyProperty = true });
        }
        else
        {
            mounts = Encoded.Mounts(tokenMount);
        }

        optionalGroups = [.. optional];
        credentialsGroups = new(uri => new EnvGroup(Encoded.Env(Env.Var(FullUriVariable, uri), Env.Var(TokenFileVariable, options.TokenPath))) { IsIdentity = true });
        volumes = new(key => TokenVolumes(key.Audience, key.Expiration));
    }

    public string Name => options.ProviderName;

    public bool ReadsServiceAccountAnnotation(string key) =>
        key == keys.Inject || key == keys.Audience || key == keys.TokenExpiration || (keys.OrgId is not null && key == keys.OrgId);

    public ProviderResult Plan(InjectionContext context)
    {
        var sa = context.ServiceAccountAnnotations;

        if (!sa.TryGetValue(keys.Inject, out var inject))
        {
            return keys.OrgId is { } orgId
                ? AnnotationSet.WithoutTrigger(context, keys.Inject, "true", orgId, keys.Audience, keys.TokenExpiration)
                : AnnotationSet.WithoutTrigger(context, keys.Inject, "true", keys.Audience, keys.TokenExpiration);
        }

        // "false" is an explicit opt-out: nothing to inject and nothing to complain about.
        if (inject == "false")
        {
            return ProviderResult.NotRequested;
        }

        if (validator.Problems(context) is { } problems)
        {
            return ProviderResult.Invalid(problems);
        }

        var credentials = fixedCredentialsGroup ?? credentialsGroups.Get(options.CredentialsUri.Replace(
            ContainerCredentialsOptions.OrgIdPlaceholder, Annotations.Get(sa, keys.OrgId!) ?? options.OrgId, StringComparison.Ordinal));
        var audience = Annotations.Get(sa, keys.Audience) ?? options.Audience;
        var expiration = Annotations.TokenExpiration(context, keys.TokenExpiration, options.TokenExpirationSeconds);

        return ProviderResult.Inject(new InjectionPlan(Name, keys.Inject)
        {
            Volumes = volumes.Get((audience, expiration)),
            Mounts = mounts,
            Env = [credentials, .. optionalGroups],
            SkipContainers = Annotations.SkipContainers(context.PodAnnotations, keys.SkipContainers),

            // Env pointing at a token that is not there would fail at the first S3 call; skip and say so.
            OnMountPathTaken = MountPathTaken.SkipContainer,
        });
    }

    private EncodedList<V1Volume> TokenVolumes(string audience, long expiration)
    {
        var tokenVolume = ProjectedToken.Volume(options.VolumeName, audience, expiration, tokenFileName);
        return awsConfigVolume is null ? Encoded.Volumes(tokenVolume) : Encoded.Volumes(tokenVolume, awsConfigVolume);
    }
}
