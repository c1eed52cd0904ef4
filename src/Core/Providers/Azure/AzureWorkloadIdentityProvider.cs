using Microsoft.Extensions.Configuration;
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
    private readonly EnvGroup tokenFileGroup = EnvGroup.Of(TokenFileVariable, TokenFile);
    private readonly EnvGroup authorityHostGroup;

    public static ProviderDescriptor<AzureOptions> Descriptor { get; } =
        new(AzureOptions.Section, static (section, o) => section.Bind(o), new AzureOptionsValidator(), o => o.Enabled, o => new AzureWorkloadIdentityProvider(o));

    public AzureWorkloadIdentityProvider(AzureOptions options)
    {
        this.options = options;
        validator = new AzureAnnotationValidator(options);
        authorityHostGroup = EnvGroup.Of(AuthorityHostVariable, options.AuthorityHost);
    }

    public string Name => ProviderName;

    public bool ReadsServiceAccountAnnotation(string key) =>
        key is ClientIdAnnotation or TenantIdAnnotation or TokenExpirationAnnotation;

    /// <summary>
    /// Always an identity: the pod's label selects pods, so even a ServiceAccount without annotations has one (a pod
    /// labelled "true" is told the client id is missing).
    /// </summary>
    public PreparedIdentity Prepare(ServiceAccountAnnotations serviceAccount)
    {
        if (serviceAccount.Get(ClientIdAnnotation) is not { } clientId)
        {
            var incomplete = AnnotationSet.WithoutTrigger(serviceAccount, ClientIdAnnotation, GuidExample, TenantIdAnnotation, TokenExpirationAnnotation);
            return PreparedIdentity.Of(Name, pod => NotSelected(pod, out var label) is { } notSelected ? notSelected
                : label == "true" ? ProviderResult.Invalid([MissingClientId(pod)])
                : incomplete is null ? ProviderResult.NotRequested
                : ProviderResult.Invalid([incomplete]));
        }

        var problems = validator.Problems(serviceAccount);
        var sa = serviceAccount.Values;
        EnvGroup[] env =
        [
            EnvGroup.Of(ClientIdVariable, clientId),
            EnvGroup.Of(TenantIdVariable, serviceAccount.Get(TenantIdAnnotation) ?? options.TenantId),
            tokenFileGroup,
            authorityHostGroup,
        ];

        return PreparedIdentity.Of(Name, pod =>
        {
            if (NotSelected(pod, out _) is { } notSelected)
            {
                return notSelected;
            }

            var podExpiration = Annotations.Get(pod.PodAnnotations, TokenExpirationAnnotation);
            if (podExpiration is not null && !IsTokenExpirationAnnotation(podExpiration))
            {
                return ProviderResult.Invalid([.. problems ?? [], AnnotationValidator.Invalid(pod.PodSubject, TokenExpirationAnnotation, podExpiration, "expected " + TokenExpirationExpected)]);
            }

            if (problems is not null)
            {
                return ProviderResult.Invalid(problems);
            }

            // The volume's name comes from the pod's name, so volume and mount are made per pod.
            var volumeName = VolumeName(pod.Pod);
            var expiration = AzureWorkloadIdentity.TokenExpiration(pod.PodAnnotations, sa, options.TokenExpirationSeconds);
            var skip = Annotations.Get(pod.PodAnnotations, SkipContainersAnnotation);
            return ProviderResult.Inject(new InjectionPlan(Name, ClientIdAnnotation)
            {
                Volumes = [PatchValue.Volume(ProjectedToken.Volume(volumeName, options.Audience, expiration, TokenPath))],
                Mounts = [PatchValue.Mount(ProjectedToken.Mount(volumeName, MountPath))],
                Env = env,
                SkipContainers = AzureWorkloadIdentity.SkipContainers(skip),

                // AZURE_FEDERATED_TOKEN_FILE would name a file that is not there: leave such a container out, with a warning.
                OnMountPathTaken = MountPathTaken.SkipContainer,
                Warnings = Warnings(pod, skip),
            });
        });
    }

    /// <summary>
    /// The result for a pod Azure's webhook would not select, else null: "false" opts a pod out in either mode; with
    /// the label required, anything but "true" leaves it alone (with a warning when the label has another value).
    /// </summary>
    private ProviderResult? NotSelected(PodContext pod, out string? label)
    {
        label = pod.Pod.Labels?.GetValueOrDefault(UseLabel);
        return label == "false" ? ProviderResult.NotRequested
            : !options.RequirePodLabel || label == "true" ? null
            : label is null ? ProviderResult.NotRequested
            : ProviderResult.Inject(new InjectionPlan(ProviderName, UseLabel) { Warnings = [LabelNotTrue(pod, label)] });
    }

    private static List<string> Warnings(PodContext context, string? skip)
    {
        var warnings = new List<string>(0);
        if (context.PodAnnotations.TryGetValue(InjectProxySidecarAnnotation, out var proxy))
        {
            warnings.Add(
                $"{context.PodSubject} annotation {InjectProxySidecarAnnotation}=\"{SafeText.Value(proxy)}\" is not supported by this webhook: no proxy sidecar was injected; " +
                $"the pod gets {TokenFileVariable} and the other AZURE_* variables, which Azure Identity SDKs (WorkloadIdentityCredential, DefaultAzureCredential) " +
                "and MSAL read directly; clients that only know the instance metadata endpoint (IMDS) will not get tokens");
        }

        if (skip is not null && skip.Contains(',', StringComparison.Ordinal))
        {
            warnings.Add(
                $"{context.PodSubject} annotation {SkipContainersAnnotation}=\"{SafeText.Value(skip)}\" contains ',': container names are separated by ';' " +
                $"(e.g. \"{SafeText.Value(skip.Replace(',', ';'))}\"), and no container name contains ',', so those entries skip nothing");
        }

        return warnings;
    }

    private static string LabelNotTrue(PodContext context, string label) =>
        $"{context.PodSubject} label {UseLabel}=\"{SafeText.Value(label)}\" is not \"true\": azure credentials were not injected " +
        $"(Azure's webhook selects exactly {UseLabel}: \"true\"; use \"false\" to opt out without this warning)";

    private static string MissingClientId(PodContext context) =>
        $"{context.PodSubject} has label {UseLabel}: \"true\" but {context.ServiceAccountSubject} has no annotation {ClientIdAnnotation}: " +
        "annotate the ServiceAccount with the application (client) ID of the app registration or user-assigned managed identity whose " +
        $"federated identity credential names it, e.g. {ClientIdAnnotation}: \"{GuidExample}\"";
}
