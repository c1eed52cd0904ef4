using Microsoft.Extensions.Configuration;
using k8s.Models;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Patching;
using PodIdentity.Core.Text;
using PodIdentity.Core.Validation;
using static PodIdentity.Core.Providers.Azure.AzureWorkloadIdentity;

namespace PodIdentity.Core.Providers.Azure;

/// <summary>
/// Microsoft Entra workload identity, as a drop-in for Azure/azure-workload-identity's mutating webhook: the same
/// label, annotations, projected token (audience api://AzureADTokenExchange, volume name, mount path, file) and
/// AZURE_* variables, so ServiceAccounts and pods move over unchanged. Azure Identity SDKs exchange the token
/// for an Entra token through the app registration's or managed identity's federated identity credential.
/// </summary>
public sealed class AzureWorkloadIdentityProvider : IIdentityProvider
{
    private const string ProviderName = "azure";
    private static readonly string[] NoWarnings = [];

    private readonly AzureOptions options;
    private readonly AzureAnnotationValidator validator;

    // Azure adds each variable on its own where the container lacks it, so each is a group of one.
    private readonly EnvGroup tokenFileGroup = new(Encoded.Env(Env.Var(TokenFileVariable, TokenFile)));
    private readonly EnvGroup authorityHostGroup;

    // Env depends only on the ServiceAccount's client and tenant; the volume name only on the pod name (one per
    // ReplicaSet for controller-made pods); the volume on its name and lifetime. Each is built and encoded once.
    private readonly EncodedValueCache<(string ClientId, string TenantId), EnvGroup[]> env;
    private readonly EncodedValueCache<string, TokenVolume> tokenVolumes;
    private readonly EncodedValueCache<(string VolumeName, long Expiration), EncodedList<V1Volume>> volumes;

    public static ProviderDescriptor<AzureOptions> Descriptor { get; } =
        new(AzureOptions.Section, static (section, o) => section.Bind(o), new AzureOptionsValidator(), o => o.Enabled, o => new AzureWorkloadIdentityProvider(o));

    public AzureWorkloadIdentityProvider(AzureOptions options)
    {
        this.options = options;
        validator = new AzureAnnotationValidator(options);
        authorityHostGroup = new EnvGroup(Encoded.Env(Env.Var(AuthorityHostVariable, options.AuthorityHost)));
        env = new(key =>
        [
            new EnvGroup(Encoded.Env(Env.Var(ClientIdVariable, key.ClientId))),
            new EnvGroup(Encoded.Env(Env.Var(TenantIdVariable, key.TenantId))),
            tokenFileGroup,
            authorityHostGroup,
        ]);
        tokenVolumes = new(volumeName => new TokenVolume(volumeName, Encoded.Mounts(ProjectedToken.Mount(volumeName, MountPath))));
        volumes = new(key => Encoded.Volumes(ProjectedToken.Volume(key.VolumeName, options.Audience, key.Expiration, TokenPath)));
    }

    public string Name => ProviderName;

    public bool ReadsServiceAccountAnnotation(string key) =>
        key is ClientIdAnnotation or TenantIdAnnotation or TokenExpirationAnnotation;

    public ProviderResult Plan(InjectionContext context)
    {
        var sa = context.ServiceAccountAnnotations;
        string? label = null;
        context.Pod.Metadata?.Labels?.TryGetValue(UseLabel, out label);

        // "false" opts a pod out in either mode; with the label required, anything but "true" leaves it alone.
        if (label == "false")
        {
            return ProviderResult.NotRequested;
        }

        if (options.RequirePodLabel && label != "true")
        {
            return label is null ? ProviderResult.NotRequested : WarningOnly(LabelNotTrue(context, label));
        }

        if (!sa.TryGetValue(ClientIdAnnotation, out var clientId))
        {
            return label == "true" ? ProviderResult.Invalid([MissingClientId(context)]) : AnnotationSet.WithoutTrigger(context, ClientIdAnnotation, GuidExample, TenantIdAnnotation, TokenExpirationAnnotation);
        }

        if (validator.Problems(context) is { } problems)
        {
            return ProviderResult.Invalid(problems);
        }

        var tenantId = Annotations.Get(sa, TenantIdAnnotation) ?? options.TenantId;
        var expiration = AzureWorkloadIdentity.TokenExpiration(context.PodAnnotations, sa, options.TokenExpirationSeconds);
        var tokenVolume = tokenVolumes.Get(VolumeName(context.Pod));
        var skip = Annotations.Get(context.PodAnnotations, SkipContainersAnnotation);

        return ProviderResult.Inject(new InjectionPlan(Name, ClientIdAnnotation)
        {
            Volumes = volumes.Get((tokenVolume.Name, expiration)),
            Mounts = tokenVolume.Mounts,
            Env = env.Get((clientId, tenantId)),
            SkipContainers = AzureWorkloadIdentity.SkipContainers(skip),

            // AZURE_FEDERATED_TOKEN_FILE would name a file that is not there: leave such a container out, with a warning.
            OnMountPathTaken = MountPathTaken.SkipContainer,
            Warnings = Warnings(context, skip),
        });
    }

    private static ProviderResult WarningOnly(string warning) =>
        ProviderResult.Inject(new InjectionPlan(ProviderName, UseLabel) { Warnings = [warning] });

    private static IReadOnlyList<string> Warnings(InjectionContext context, string? skip)
    {
        List<string>? warnings = null;
        if (context.PodAnnotations.TryGetValue(InjectProxySidecarAnnotation, out var proxy))
        {
            (warnings ??= []).Add(
                $"{context.PodSubject} annotation {InjectProxySidecarAnnotation}=\"{SafeText.Value(proxy)}\" is not supported by this webhook: no proxy sidecar was injected; " +
                $"the pod gets {TokenFileVariable} and the other AZURE_* variables, which Azure Identity SDKs (WorkloadIdentityCredential, DefaultAzureCredential) " +
                "and MSAL read directly; clients that only know the instance metadata endpoint (IMDS) will not get tokens");
        }

        if (skip is not null && skip.Contains(',', StringComparison.Ordinal))
        {
            (warnings ??= []).Add(
                $"{context.PodSubject} annotation {SkipContainersAnnotation}=\"{SafeText.Value(skip)}\" contains ',': container names are separated by ';' " +
                $"(e.g. \"{SafeText.Value(skip.Replace(',', ';'))}\"), and no container name contains ',', so those entries skip nothing");
        }

        return warnings is null ? NoWarnings : warnings;
    }

    private static string LabelNotTrue(InjectionContext context, string label) =>
        $"{context.PodSubject} label {UseLabel}=\"{SafeText.Value(label)}\" is not \"true\": azure credentials were not injected " +
        $"(Azure's webhook selects exactly {UseLabel}: \"true\"; use \"false\" to opt out without this warning)";

    private static string MissingClientId(InjectionContext context) =>
        $"{context.PodSubject} has label {UseLabel}: \"true\" but {context.ServiceAccountSubject} has no annotation {ClientIdAnnotation}: " +
        "annotate the ServiceAccount with the application (client) ID of the app registration or user-assigned managed identity whose " +
        $"federated identity credential names it, e.g. {ClientIdAnnotation}: \"{GuidExample}\"";

    private sealed record TokenVolume(string Name, EncodedList<V1VolumeMount> Mounts);
}
