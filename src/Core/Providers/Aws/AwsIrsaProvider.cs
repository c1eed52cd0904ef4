using Microsoft.Extensions.Configuration;
using k8s.Models;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Patching;
using PodIdentity.Core.Validation;

namespace PodIdentity.Core.Providers.Aws;

/// <summary>
/// IAM Roles for Service Accounts, behaving like aws/amazon-eks-pod-identity-webhook: same
/// annotations, volume, mount, env names and order, so ServiceAccounts move over unchanged.
/// </summary>
public sealed class AwsIrsaProvider : IIdentityProvider
{
    public const string VolumeName = "aws-iam-token";
    public const string TokenFileName = "token";
    public const string TokenFileVariable = "AWS_WEB_IDENTITY_TOKEN_FILE";

    private readonly AwsIrsaOptions options;
    private readonly AwsIrsaAnnotationKeys keys;
    private readonly AwsIrsaAnnotationValidator validator;
    private readonly EncodedList<V1VolumeMount> mounts;
    private readonly EnvGroup? regionGroup;
    private readonly EnvGroup stsRegionalGroup = new(Encoded.Env(Env.Var("AWS_STS_REGIONAL_ENDPOINTS", "regional")));

    // The token file variable depends only on the pod's OS; with the role ARN they are built and encoded
    // once per ARN, as the token volume is per audience and lifetime (most pods share the default one).
    private readonly V1EnvVar linuxTokenFile;
    private readonly V1EnvVar windowsTokenFile;
    private readonly EncodedValueCache<(string RoleArn, bool Windows), EnvGroup> roleEnv;
    private readonly EncodedValueCache<(string Audience, long Expiration), EncodedList<V1Volume>> volumes;

    public static ProviderDescriptor<AwsIrsaOptions> Descriptor { get; } =
        new(AwsIrsaOptions.Section, static (section, o) => section.Bind(o), new AwsIrsaOptionsValidator(), o => o.Enabled, o => new AwsIrsaProvider(o));

    public AwsIrsaProvider(AwsIrsaOptions options)
    {
        this.options = options;
        keys = new AwsIrsaAnnotationKeys(options.AnnotationPrefix);
        validator = new AwsIrsaAnnotationValidator(keys);
        var mountPath = options.TokenMountPath.TrimEnd('/');
        mounts = Encoded.Mounts(ProjectedToken.Mount(VolumeName, mountPath));
        if (!string.IsNullOrEmpty(options.Region))
        {
            regionGroup = new EnvGroup(Encoded.Env(Env.Var("AWS_DEFAULT_REGION", options.Region), Env.Var("AWS_REGION", options.Region)));
        }

        var linuxPath = $"{mountPath}/{TokenFileName}";
        linuxTokenFile = Env.Var(TokenFileVariable, linuxPath);

        // Windows containers read the same mount through a drive-letter path.
        windowsTokenFile = Env.Var(TokenFileVariable, "C:" + linuxPath.Replace('/', '\\'));
        roleEnv = new(key => new EnvGroup(Encoded.Env(Env.Var("AWS_ROLE_ARN", key.RoleArn), key.Windows ? windowsTokenFile : linuxTokenFile)) { IsIdentity = true });
        volumes = new(key => Encoded.Volumes(ProjectedToken.Volume(VolumeName, key.Audience, key.Expiration, TokenFileName)));
    }

    public string Name => "aws";

    public bool ReadsServiceAccountAnnotation(string key) =>
        key == keys.RoleArn || key == keys.Audience || key == keys.StsRegionalEndpoints || key == keys.TokenExpiration;

    public ProviderResult Plan(InjectionContext context)
    {
        if (!context.ServiceAccountAnnotations.TryGetValue(keys.RoleArn, out var roleArn))
        {
            return AnnotationSet.WithoutTrigger(context, keys.RoleArn, AwsRole.ExampleArn, keys.Audience, keys.StsRegionalEndpoints, keys.TokenExpiration);
        }

        if (validator.Problems(context) is { } problems)
        {
            return ProviderResult.Invalid(problems);
        }

        var sa = context.ServiceAccountAnnotations;
        var audience = Annotations.Get(sa, keys.Audience) ?? options.DefaultAudience;
        var expiration = Annotations.TokenExpiration(context, keys.TokenExpiration, options.TokenExpirationSeconds);
        var stsRegional = Annotations.ParseBool(Annotations.Get(sa, keys.StsRegionalEndpoints)) ?? options.StsRegionalEndpoints;

        var env = new EnvGroup[(stsRegional ? 1 : 0) + (regionGroup is null ? 0 : 1) + 1];
        var count = 0;
        if (stsRegional)
        {
            env[count++] = stsRegionalGroup;
        }

        if (regionGroup is not null)
        {
            env[count++] = regionGroup;
        }

        env[count] = roleEnv.Get((roleArn, ProjectedToken.IsWindows(context.Pod)));

        return ProviderResult.Inject(new InjectionPlan(Name, keys.RoleArn)
        {
            Volumes = volumes.Get((audience, expiration)),
            Mounts = mounts,
            Env = env,
            SkipContainers = Annotations.SkipContainers(context.PodAnnotations, keys.SkipContainers),
        });
    }
}
