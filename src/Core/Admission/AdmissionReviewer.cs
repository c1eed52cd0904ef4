using k8s.Models;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Patching;
using PodIdentity.Core.Text;

namespace PodIdentity.Core.Admission;

/// <summary>
/// Request → response for one pod, given its ServiceAccount (or null when none was found).
/// Pure: the host supplies the ServiceAccount; nothing here does I/O.
/// </summary>
public sealed class AdmissionReviewer(PodMutator mutator)
{
    public const string JsonPatchType = "JSONPatch";

    /// <summary>Namespace of the pod: the request's (controller-made pods may lack metadata.namespace).</summary>
    public static string NamespaceOf(AdmissionRequest request) =>
        !string.IsNullOrEmpty(request.Namespace) ? request.Namespace
        : request.Object?.Namespace is { Length: > 0 } ns ? ns
        : "default";

    /// <summary>
    /// Null when <paramref name="namespace"/> and <paramref name="serviceAccount"/> are valid names (a
    /// DNS-1123 label and subdomain); else the warning a pod gets when its ServiceAccount is not looked up at
    /// all. Such a name names no object; in a URL it could name another one (<c>../other/serviceaccounts/x</c>).
    /// </summary>
    public static string? UnlookableServiceAccount(string @namespace, string serviceAccount)
    {
        if (!KubernetesNames.IsLabel(@namespace))
        {
            return $"namespace \"{SafeText.Value(@namespace)}\" is not a valid namespace name ({KubernetesNames.LabelExpected}); " +
                "its ServiceAccount was not looked up and the pod was admitted without cloud credentials";
        }

        return KubernetesNames.IsSubdomain(serviceAccount)
            ? null
            : $"ServiceAccount name \"{SafeText.Value(serviceAccount)}\" in namespace \"{@namespace}\" is not a valid name ({KubernetesNames.SubdomainExpected}); " +
                "it was not looked up and the pod was admitted without cloud credentials";
    }

    public Review Review(AdmissionRequest request, ServiceAccounts.PreparedServiceAccount? serviceAccount) =>
        Review(request, serviceAccount?.Account);

    public Review Review(AdmissionRequest request, V1ServiceAccount? serviceAccount)
    {
        var pod = request.Object!;
        var ns = NamespaceOf(request);
        if (serviceAccount is null)
        {
            var warning = $"ServiceAccount \"{SafeText.Value(ns)}/{SafeText.Value(pod.ServiceAccount)}\" was not found; pod admitted without cloud credentials";
            return new Review(Allowed(request.Uid, [warning]), new MutationResult(MutationOutcome.Skipped, [], [warning], [], null));
        }

        // TEMPORARY (issue 16): InjectionContext still takes a V1Pod until mutation reads Pod.
        var result = mutator.Mutate(new InjectionContext(ns, Pods.PodModel.ToV1Pod(pod), serviceAccount));
        var response = result.Outcome switch
        {
            MutationOutcome.Denied => Denied(request.Uid, result.DenialMessage!, result.Warnings),
            MutationOutcome.Mutated => new AdmissionResponse
            {
                Uid = request.Uid,
                Allowed = true,
                Patch = JsonPatchWriter.ToUtf8(result.Patch),
                PatchType = JsonPatchType,
                Warnings = Bounded(result.Warnings),
            },
            _ => Allowed(request.Uid, result.Warnings),
        };
        return new Review(response, result);
    }

    /// <summary>Every warning reaches the client one line long and bounded (<see cref="SafeText.Message"/>).</summary>
    public static AdmissionResponse Allowed(string uid, IReadOnlyList<string> warnings) =>
        new() { Uid = uid, Allowed = true, Warnings = Bounded(warnings) };

    /// <summary>The message and every warning reach the client one line long and bounded (<see cref="SafeText.Message"/>).</summary>
    public static AdmissionResponse Denied(string uid, string message, IReadOnlyList<string> warnings) => new()
    {
        Uid = uid,
        Allowed = false,
        Status = new AdmissionStatus { Code = 403, Reason = "Forbidden", Message = SafeText.Message(message) },
        Warnings = Bounded(warnings),
    };

    private static IReadOnlyList<string>? Bounded(IReadOnlyList<string> warnings)
    {
        if (warnings.Count == 0)
        {
            return null;
        }

        for (var i = 0; i < warnings.Count; i++)
        {
            if (!SafeText.IsSafe(warnings[i], SafeText.MaxMessageLength))
            {
                return [.. warnings.Select(SafeText.Message)];
            }
        }

        return warnings;
    }
}

public sealed record Review(AdmissionResponse Response, MutationResult Result);
