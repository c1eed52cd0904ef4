using System.Globalization;
using Microsoft.Extensions.Configuration;
using k8s.Models;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Patching;
using PodIdentity.Core.Validation;

namespace PodIdentity.Core.Providers.RolesAnywhere;

/// <summary>
/// AWS IAM Roles Anywhere from ServiceAccount annotations alone: the pod gets a cert-manager certificate
/// (a Certificate's Secret, or a per-pod one from the CSI driver), the AWS signing helper (from a pinned
/// image, never downloaded at pod start) and an AWS config file whose credential_process runs the helper.
/// The config travels as a pod annotation read through a downwardAPI volume, as GCP's direct mode does:
/// no per-namespace ConfigMap, no extra RBAC.
/// </summary>
public sealed class RolesAnywhereProvider : IIdentityProvider
{
    public const string CertificateVolumeName = "rolesanywhere-certificate";
    public const string AwsConfigVolumeName = "rolesanywhere-aws-config";
    public const string HelperVolumeName = "rolesanywhere-signing-helper";
    public const string HelperInitContainerName = "rolesanywhere-signing-helper";

    public const string AwsConfigMountPath = "/var/run/secrets/rolesanywhere.amazonaws.com/aws-config";
    public const string AwsConfigFileName = "config";
    public const string AwsConfigFile = AwsConfigMountPath + "/" + AwsConfigFileName;

    public const string HelperFileName = "aws_signing_helper";

    /// <summary>The helper image's layout: the binary at its root, a static cp (no shell needed) at /bin/cp.</summary>
    public const string HelperInImage = "/" + HelperFileName;
    public const string CopierInImage = "/bin/cp";

    /// <summary>The distroless "nonroot" user, as the helper image declares it.</summary>
    public const long HelperUser = 65532;

    public const string ConfigFileVariable = "AWS_CONFIG_FILE";
    public const string ProfileVariable = "AWS_PROFILE";

    /// <summary>Providers whose credentials the AWS SDKs would pick over these, or these over them, without a word.</summary>
    private static readonly HashSet<string> OtherAwsCredentialProviders = ["aws", "coreweave", "eks-pod-identity"];

    private readonly RolesAnywhereOptions options;
    private readonly RolesAnywhereAnnotationKeys keys;
    private readonly RolesAnywhereAnnotationValidator validator;
    private readonly string helperPath;
    private readonly string certificateDirectory;
    private readonly PatchMount[] mounts;
    // A container that sets AWS_CONFIG_FILE or AWS_PROFILE itself keeps its own profile: the merge step leaves it
    // untouched (no helper, no certificate), as for every provider's identity variables.
    private readonly EnvGroup configGroup = new(PatchValue.Env(ConfigFileVariable, AwsConfigFile), PatchValue.Env(ProfileVariable, RolesAnywhereAwsConfig.ProfileName)) { IsIdentity = true };
    private readonly PatchVolume awsConfigVolume;
    private readonly PatchVolume helperVolume;
    private readonly PatchContainer[] initContainers;

    public static ProviderDescriptor<RolesAnywhereOptions> Descriptor { get; } =
        new(RolesAnywhereOptions.Section, static (section, o) => section.Bind(o), new RolesAnywhereOptionsValidator(), o => o.Enabled, o => new RolesAnywhereProvider(o));

    public RolesAnywhereProvider(RolesAnywhereOptions options)
    {
        this.options = options;
        keys = new RolesAnywhereAnnotationKeys(options.AnnotationPrefix);
        validator = new RolesAnywhereAnnotationValidator(keys);
        var helperDirectory = options.HelperMountPath.TrimEnd('/');
        helperPath = helperDirectory + "/" + HelperFileName;
        certificateDirectory = options.CertificateMountPath.TrimEnd('/');
        mounts =
        [
            PatchValue.Mount(ProjectedToken.Mount(CertificateVolumeName, certificateDirectory)),
            PatchValue.Mount(ProjectedToken.Mount(AwsConfigVolumeName, AwsConfigMountPath)),
            PatchValue.Mount(ProjectedToken.Mount(HelperVolumeName, helperDirectory)),
        ];
        awsConfigVolume = PatchValue.Volume(new V1Volume
        {
            Name = AwsConfigVolumeName,
            DownwardAPI = new V1DownwardAPIVolumeSource
            {
                Items =
                [
                    new V1DownwardAPIVolumeFile
                    {
                        Path = AwsConfigFileName,
                        FieldRef = new V1ObjectFieldSelector { FieldPath = $"metadata.annotations['{keys.AwsConfig}']" },
                    },
                ],
            },
        });

        if (options.HelperDelivery == RolesAnywhereOptions.ImageVolumeDelivery)
        {
            // The image's root is the mount: the helper is at <mount>/aws_signing_helper, as after the copy.
            helperVolume = PatchValue.Volume(new V1Volume { Name = HelperVolumeName, Image = new V1ImageVolumeSource { Reference = options.HelperImage, PullPolicy = "IfNotPresent" } });
            initContainers = [];
        }
        else
        {
            helperVolume = PatchValue.Volume(new V1Volume { Name = HelperVolumeName, EmptyDir = new V1EmptyDirVolumeSource() });
            initContainers = [PatchValue.Container(CopierContainer(options.HelperImage, helperPath, helperDirectory))];
        }
    }

    public string Name => "rolesanywhere";

    public bool ReadsServiceAccountAnnotation(string key) => keys.IsIdentityAnnotation(key);

    public PreparedIdentity? Prepare(ServiceAccountAnnotations serviceAccount)
    {
        if (!serviceAccount.Values.Keys.Any(keys.IsIdentityAnnotation))
        {
            return null;
        }

        if (validator.Problems(serviceAccount) is { } problems)
        {
            return PreparedIdentity.Invalid(Name, problems);
        }

        var sa = serviceAccount.Values;
        var duration = serviceAccount.Get(keys.SessionDuration) is { } raw ? long.Parse(raw, NumberStyles.None, CultureInfo.InvariantCulture) : (long?)null;
        var config = RolesAnywhereAwsConfig.Create(helperPath, certificateDirectory, sa[keys.TrustAnchorArn], sa[keys.ProfileArn], sa[keys.RoleArn], duration);
        var certificate = PatchValue.Volume(CertificateVolume(serviceAccount.Get(keys.CertificateSecret) is { } secret
            ? new CertificateKey(secret, null, null)
            : new CertificateKey(null, CertificateSource.ParseIssuer(sa[keys.CertificateIssuer]), $"{serviceAccount.Name}.{serviceAccount.Namespace}")));
        var plan = new InjectionPlan(Name, keys.TrustAnchorArn)
        {
            Volumes = [certificate, awsConfigVolume, helperVolume],
            Mounts = mounts,
            Env = [configGroup],

            // Env would point at a config (or the config at a helper) that is not there: leave such a container out, with a warning.
            OnMountPathTaken = MountPathTaken.SkipContainer,
            PodAnnotations = [PatchValue.Annotation(keys.AwsConfig, config)],
            InitContainers = initContainers,
            ExcludesProviders = OtherAwsCredentialProviders,
        };

        return PreparedIdentity.Of(Name, pod => ProviderResult.Inject(plan with { SkipContainers = Annotations.SkipContainers(pod.PodAnnotations, keys.SkipContainers) }));
    }

    private V1Volume CertificateVolume(CertificateKey key)
    {
        if (key.Secret is { } secret)
        {
            return new V1Volume { Name = CertificateVolumeName, Secret = new V1SecretVolumeSource { SecretName = secret } };
        }

        var issuer = key.Issuer!;
        var attributes = new Dictionary<string, string>
        {
            ["csi.cert-manager.io/issuer-name"] = issuer.Name,
            ["csi.cert-manager.io/issuer-kind"] = issuer.Kind,
            ["csi.cert-manager.io/issuer-group"] = issuer.Group,
            ["csi.cert-manager.io/common-name"] = key.CommonName!,
            ["csi.cert-manager.io/duration"] = options.CertificateDuration,
            ["csi.cert-manager.io/key-usages"] = CertificateSource.KeyUsages,
        };
        if (options.CertificateRenewBefore.Length > 0)
        {
            attributes["csi.cert-manager.io/renew-before"] = options.CertificateRenewBefore;
        }

        // The driver refuses writable mounts.
        return new V1Volume { Name = CertificateVolumeName, Csi = new V1CSIVolumeSource { Driver = CertificateSource.CsiDriver, ReadOnlyProperty = true, VolumeAttributes = attributes } };
    }

    /// <summary>
    /// Copies the helper into the shared emptyDir with the image's own static cp: no shell in either image,
    /// nothing fetched at start. Runs as the image's non-root user with a read-only root filesystem.
    /// </summary>
    private static V1Container CopierContainer(string image, string helperPath, string helperDirectory) => new()
    {
        Name = HelperInitContainerName,
        Image = image,
        Command = [CopierInImage, HelperInImage, helperPath],
        VolumeMounts = [new V1VolumeMount { Name = HelperVolumeName, MountPath = helperDirectory }],
        SecurityContext = RestrictedSecurityContext.For(HelperUser),
    };

    private readonly record struct CertificateKey(string? Secret, IssuerReference? Issuer, string? CommonName);

}
