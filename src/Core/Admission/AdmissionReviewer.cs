using k8s.Models;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Patching;

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
        : request.Object?.Metadata?.NamespaceProperty is { Length: > 0 } ns ? ns
        : "default";

    public Review Review(AdmissionRequest request, V1ServiceAccount? serviceAccount)
    {
        var pod = request.Object!;
        var ns = NamespaceOf(request);
        if (serviceAccount is null)
        {
            var warning = $"ServiceAccount \"{ns}/{InjectionContext.ServiceAccountNameOf(pod)}\" was not found; pod admitted without cloud credentials";
            return new Review(Allowed(request.Uid, [warning]), new MutationResult(MutationOutcome.Skipped, [], [warning], [], null));
        }

        var result = mutator.Mutate(new InjectionContext(ns, pod, serviceAccount));
        var response = result.Outcome switch
        {
            MutationOutcome.Denied => Denied(request.Uid, result.DenialMessage!, result.Warnings),
            MutationOutcome.Mutated => new AdmissionResponse
            {
                Uid = request.Uid,
                Allowed = true,
                Patch = JsonPatchWriter.ToUtf8(result.Patch),
                PatchType = JsonPatchType,
                Warnings = NullIfEmpty(result.Warnings),
            },
            _ => Allowed(request.Uid, result.Warnings),
        };
        return new Review(response, result);
    }

    public static AdmissionResponse Allowed(string uid, IReadOnlyList<string> warnings) =>
        new() { Uid = uid, Allowed = true, Warnings = NullIfEmpty(warnings) };

    public static AdmissionResponse Denied(string uid, string message, IReadOnlyList<string> warnings) => new()
    {
        Uid = uid,
        Allowed = false,
        Status = new AdmissionStatus { Code = 403, Reason = "Forbidden", Message = message },
        Warnings = NullIfEmpty(warnings),
    };

    private static IReadOnlyList<string>? NullIfEmpty(IReadOnlyList<string> warnings) => warnings.Count == 0 ? null : warnings;
}

public sealed record Review(AdmissionResponse Response, MutationResult Result);
