using PodIdentity.Core.Mutation;

namespace PodIdentity.Core.Admission;

/// <summary>How a review ended, as counted in metrics and written in the review log.</summary>
public enum ReviewVerdict
{
    Mutated,
    Skipped,
    Denied,

    /// <summary>A 4xx, an unreadable ServiceAccount, or a caller that went away.</summary>
    Error,
}

/// <summary>Who a review was about, for the review log; values straight from the request (bound them before writing).</summary>
public sealed record ReviewSubject(string Uid, string Operation, string Namespace, string Pod, string ServiceAccount, bool DryRun);

/// <summary>
/// Everything one review decided. <see cref="Response"/> is the HTTP 200 AdmissionReview answer; without one the
/// request was not a usable AdmissionReview and <see cref="StatusCode"/> with <see cref="Detail"/> is the 4xx.
/// </summary>
public sealed record ReviewOutcome(ReviewVerdict Verdict, AdmissionResponse? Response, string Detail)
{
    public int StatusCode { get; init; } = 200;

    public ReviewSubject? Subject { get; init; }

    public IReadOnlyList<string> ProvidersApplied { get; init; } = [];

    /// <summary>The merge step's result, when the pod got that far.</summary>
    public MutationResult? Mutation { get; init; }

    /// <summary>An exception the ServiceAccount lookup threw (logged by the host; the pod was admitted).</summary>
    public Exception? LookupError { get; init; }

    /// <summary>The caller went away while the ServiceAccount was looked up: nobody to answer.</summary>
    public bool Abandoned { get; init; }

    public static ReviewOutcome Rejected(int statusCode, string reason) => new(ReviewVerdict.Error, null, reason) { StatusCode = statusCode };

    public static string Label(ReviewVerdict verdict) => verdict switch
    {
        ReviewVerdict.Mutated => "mutated",
        ReviewVerdict.Skipped => "skipped",
        ReviewVerdict.Denied => "denied",
        _ => "error",
    };
}
