using System.Text.Json;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.Patching;
using PodIdentity.Core.ServiceAccounts;
using PodIdentity.Core.Text;

namespace PodIdentity.Core.Admission;

/// <summary>
/// Every outcome of a review, from the request body to the answer: unreadable bodies (4xx), operations that are
/// not pod CREATE, ServiceAccounts not found or unreadable, denials and patches. The host reads the body, calls
/// <see cref="ReviewAsync"/>, writes the answer, counts and logs. Nothing here does I/O but the lookup it is given.
/// </summary>
public sealed class AdmissionReviewer(PodMutator mutator)
{
    public const string JsonPatchType = "JSONPatch";

    public async ValueTask<ReviewOutcome> ReviewAsync(ReadOnlyMemory<byte> body, IServiceAccountLookup lookup, LookupBudget budget, CancellationToken requestAborted)
    {
        AdmissionReview? review;
        try
        {
            review = AdmissionCodec.Decode(body.Span);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            // The reader's message can quote the rest of the body (an invalid literal): only its start is kept.
            return ReviewOutcome.Rejected(400, $"request body is not a readable AdmissionReview: {SafeText.Bound(e.Message, 200)}");
        }

        if (Invalid(review) is { } problem)
        {
            return ReviewOutcome.Rejected(400, problem);
        }

        var request = review!.Request!;
        var ns = NamespaceOf(request);
        if (!string.Equals(request.Operation, "CREATE", StringComparison.Ordinal) || !string.IsNullOrEmpty(request.SubResource))
        {
            // Only pod CREATE is mutated; anything else that reaches us is admitted untouched.
            var operation = string.IsNullOrEmpty(request.SubResource) ? request.Operation ?? "" : $"{request.Operation} {request.SubResource}";
            return Admitted(request, ReviewVerdict.Skipped, [], $"{operation} is not mutated");
        }

        if (request.Object is not { } pod)
        {
            return ReviewOutcome.Rejected(400, request.ObjectProblem is { } nullElement
                ? "request.object." + nullElement
                : "request.object is missing: a pod CREATE review carries the pod in request.object");
        }

        if (UnlookableServiceAccount(ns, pod.ServiceAccount) is { } unlookable)
        {
            // Not a name at all: never looked up, in the cache or at the API server.
            return Admitted(request, ReviewVerdict.Skipped, [unlookable], unlookable);
        }

        ServiceAccountLookupResult found;
        Exception? lookupError = null;
        using (var cancellation = new CancellationTokenSource())
        {
            try
            {
                // A cache hit completes at once; only a miss pays for the budget timer and the link to the caller.
                var pending = lookup.FindAsync(ns, pod.ServiceAccount, cancellation.Token);
                if (pending.IsCompleted)
                {
                    found = pending.Result;
                }
                else
                {
                    cancellation.CancelAfter(budget.Resolve().Budget);
                    using (requestAborted.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), cancellation))
                    {
                        found = await pending.ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (requestAborted.IsCancellationRequested)
            {
                return new ReviewOutcome(ReviewVerdict.Error, null, "the caller went away") { Abandoned = true, Subject = SubjectOf(request) };
            }
            catch (OperationCanceledException)
            {
                found = ServiceAccountLookupResult.Unavailable(budget.Exhausted());
            }
            catch (Exception e)
            {
                lookupError = e;
                found = ServiceAccountLookupResult.Unavailable(e.Message);
            }
        }

        if (found.Source == ServiceAccountSource.Unavailable || (found.Account is null && found.Source != ServiceAccountSource.NotFound))
        {
            // Design: an unreadable ServiceAccount never blocks pod creation; the pod is admitted unmutated.
            var reason = SafeText.Value(found.Error ?? "lookup unavailable");
            var warning = $"ServiceAccount \"{SafeText.Value(ns)}/{SafeText.Value(pod.ServiceAccount)}\" could not be read ({reason}); pod admitted without cloud credentials";
            return Admitted(request, ReviewVerdict.Error, [warning], reason) with { LookupError = lookupError };
        }

        return Review(request, found.Account);
    }

    /// <summary>A pod CREATE whose ServiceAccount was looked up (null: not found); <c>preview</c> and tests start here.</summary>
    public ReviewOutcome Review(AdmissionRequest request, PreparedServiceAccount? serviceAccount)
    {
        var pod = request.Object!;
        var ns = NamespaceOf(request);
        if (serviceAccount is null)
        {
            var warning = $"ServiceAccount \"{SafeText.Value(ns)}/{SafeText.Value(pod.ServiceAccount)}\" was not found; pod admitted without cloud credentials";
            return Admitted(request, ReviewVerdict.Skipped, [warning], "ServiceAccount not found");
        }

        var result = mutator.Mutate(ns, pod, serviceAccount);
        return result.Outcome switch
        {
            MutationOutcome.Denied => new ReviewOutcome(ReviewVerdict.Denied, Denied(request.Uid, result.DenialMessage!, result.Warnings), result.DenialMessage!)
            {
                Subject = SubjectOf(request),
                Mutation = result,
            },
            MutationOutcome.Mutated => new ReviewOutcome(ReviewVerdict.Mutated, new AdmissionResponse
            {
                Uid = request.Uid,
                Allowed = true,
                Patch = JsonPatchWriter.ToUtf8(result.Patch),
                PatchType = JsonPatchType,
                Warnings = Bounded(result.Warnings),
            }, "")
            {
                Subject = SubjectOf(request),
                ProvidersApplied = result.ProvidersApplied,
                Mutation = result,
            },
            _ => Admitted(request, ReviewVerdict.Skipped, result.Warnings, "") with { Mutation = result },
        };
    }

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

    /// <summary>The message and every warning reach the client one line long and bounded (<see cref="SafeText.Message"/>).</summary>
    public static AdmissionResponse Denied(string uid, string message, IReadOnlyList<string> warnings) => new()
    {
        Uid = uid,
        Allowed = false,
        Status = new AdmissionStatus { Code = 403, Reason = "Forbidden", Message = SafeText.Message(message) },
        Warnings = Bounded(warnings),
    };

    private static ReviewOutcome Admitted(AdmissionRequest request, ReviewVerdict verdict, IReadOnlyList<string> warnings, string detail) =>
        new(verdict, new AdmissionResponse { Uid = request.Uid, Allowed = true, Warnings = Bounded(warnings) }, detail) { Subject = SubjectOf(request) };

    private static ReviewSubject SubjectOf(AdmissionRequest request) => new(
        request.Uid,
        request.Operation ?? "",
        NamespaceOf(request),
        request.Object?.DisplayName ?? request.Name ?? "",
        request.Object?.ServiceAccount ?? "",
        request.DryRun == true);

    /// <summary>Why the body is not an AdmissionReview for a pod this webhook can answer, or null.</summary>
    private static string? Invalid(AdmissionReview? review)
    {
        if (review?.Request is not { } request)
        {
            return "AdmissionReview has no \"request\": expected {\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{...}} as the API server sends it";
        }

        if (review.ApiVersion is { Length: > 0 } version && version != AdmissionReview.V1)
        {
            return $"apiVersion \"{SafeText.Bound(version, 64)}\" is not supported: this webhook speaks {AdmissionReview.V1} (admissionReviewVersions: [\"v1\"])";
        }

        if (string.IsNullOrEmpty(request.Uid))
        {
            return "request.uid is missing: the API server matches the response to its request by uid";
        }

        var kind = request.Kind;
        var resource = request.Resource;
        if (kind is null && resource is null)
        {
            return "request.kind is missing: expected {\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"}";
        }

        var isPod = kind is not null
            ? kind.Kind == "Pod" && string.IsNullOrEmpty(kind.Group)
            : resource!.Resource == "pods" && string.IsNullOrEmpty(resource.Group);
        if (!isPod)
        {
            var what = SafeText.Bound(kind is not null
                ? $"{kind.Kind} ({(string.IsNullOrEmpty(kind.Group) ? "" : kind.Group + "/")}{kind.Version})"
                : $"resource {resource!.Resource} ({(string.IsNullOrEmpty(resource.Group) ? "" : resource.Group + "/")}{resource.Version})", 80);
            return $"request is for {what}, not a Pod: this webhook mutates pods only; check the MutatingWebhookConfiguration rules (resources: [\"pods\"])";
        }

        return null;
    }

    /// <summary>Every warning reaches the client one line long and bounded (<see cref="SafeText.Message"/>).</summary>
    private static IReadOnlyList<string>? Bounded(IReadOnlyList<string> warnings)
    {
        if (warnings.Count == 0)
        {
            return null;
        }

        foreach (var warning in warnings)
        {
            if (!SafeText.IsSafe(warning, SafeText.MaxMessageLength))
            {
                return [.. warnings.Select(SafeText.Message)];
            }
        }

        return warnings;
    }
}
