using Microsoft.Extensions.Configuration;
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
    private readonly PatchMount[] mounts;
    private readonly EnvGroup? regionGroup;
    private readonly EnvGroup stsRegionalGroup = EnvGroup.Of("AWS_STS_REGIONAL_ENDPOINTS", "regional");
    private readonly PatchEnvVar linuxTokenFile;
    private readonly PatchEnvVar windowsTokenFile;

    public static ProviderDescriptor<AwsIrsaOptions> Descriptor { get; } =
        new(AwsIrsaOptions.Section, static (section, o) => section.Bind(o), new AwsIrsaOptionsValidator(), o => o.Enabled, o => new AwsIrsaProvider(o));

    public AwsIrsaProvider(AwsIrsaOptions options)
    {
        this.options = options;
        keys = new AwsIrsaAnnotationKeys(options.AnnotationPrefix);
        validator = new AwsIrsaAnnotationValidator(keys);
        var mountPath = options.TokenMountPath.TrimEnd('/');
        mounts = [PatchValue.Mount(ProjectedToken.Mount(VolumeName, mountPath))];
        if (!string.IsNullOrEmpty(options.Region))
        {
            regionGroup = new EnvGroup(PatchValue.Env("AWS_DEFAULT_REGION", options.Region), PatchValue.Env("AWS_REGION", options.Region));
        }

        var linuxPath = $"{mountPath}/{TokenFileName}";
        linuxTokenFile = PatchValue.Env(TokenFileVariable, linuxPath);

        // Windows containers read the same mount through a drive-letter path.
        windowsTokenFile = PatchValue.Env(TokenFileVariable, "C:" + linuxPath.Replace('/', '\\'));
    }

    public string Name => "aws";

    public bool ReadsServiceAccountAnnotation(string key) =>
        key == keys.RoleArn || key == keys.Audience || key == keys.StsRegionalEndpoints || key == keys.TokenExpiration;

    public PreparedIdentity? Prepare(ServiceAccountAnnotations serviceAccount)
    {
        if (serviceAccount.Get(keys.RoleArn) is not { } roleArn)
        {
            return AnnotationSet.WithoutTrigger(serviceAccount, keys.RoleArn, AwsRole.ExampleArn, keys.Audience, keys.StsRegionalEndpoints, keys.TokenExpiration) is { } incomplete
                ? PreparedIdentity.Invalid(Name, [incomplete])
                : null;
        }

        if (validator.Problems(serviceAccount) is { } problems)
        {
            return PreparedIdentity.Invalid(Name, problems, keys.TokenExpiration);
        }

        var volume = new TokenVolume(
            VolumeName,
            serviceAccount.Get(keys.Audience) ?? options.DefaultAudience,
            Annotations.ServiceAccountExpiration(serviceAccount, keys.TokenExpiration, options.TokenExpirationSeconds),
            TokenFileName,
            keys.TokenExpiration);
        var stsRegional = Annotations.ParseBool(serviceAccount.Get(keys.StsRegionalEndpoints)) ?? options.StsRegionalEndpoints;
        var shared = new List<EnvGroup>(2);
        if (stsRegional)
        {
            shared.Add(stsRegionalGroup);
        }

        if (regionGroup is not null)
        {
            shared.Add(regionGroup);
        }

        var role = PatchValue.Env("AWS_ROLE_ARN", roleArn);
        EnvGroup[] linuxEnv = [.. shared, new EnvGroup(role, linuxTokenFile) { IsIdentity = true }];
        EnvGroup[] windowsEnv = [.. shared, new EnvGroup(role, windowsTokenFile) { IsIdentity = true }];
        var plan = new InjectionPlan(Name, keys.RoleArn) { Mounts = mounts };

        return PreparedIdentity.Of(Name, pod => volume.For(pod, out var problem) is not { } tokenVolume
            ? ProviderResult.Invalid([problem!])
            : ProviderResult.Inject(plan with
            {
                Volumes = [tokenVolume],
                Env = pod.IsWindows ? windowsEnv : linuxEnv,
                SkipContainers = Annotations.SkipContainers(pod.PodAnnotations, keys.SkipContainers),
            }));
    }
}
