namespace PodIdentity.Core.Admission;

/// <summary>
/// How long a review may wait for its ServiceAccount: a share of the API server's timeout for this call (its
/// <c>?timeout=</c>, at most <see cref="MaxWebhookTimeout"/>), so the pod is admitted before the API server gives
/// up and applies failurePolicy. Read only on a cache miss: a hit never parses the query.
/// </summary>
/// <param name="Query">The request's raw query string (e.g. <c>?timeout=10s</c>), or null.</param>
public readonly record struct LookupBudget(string? Query, TimeSpan DefaultTimeout, double Ratio)
{
    /// <summary>The API server's own limit for <c>timeoutSeconds</c>: a larger <c>?timeout=</c> cannot be meant.</summary>
    public static readonly TimeSpan MaxWebhookTimeout = TimeSpan.FromSeconds(30);

    public (TimeSpan Timeout, TimeSpan Budget) Resolve()
    {
        var timeout = GoDuration.TryParse(TimeoutParameter(Query), out var parsed) && parsed > TimeSpan.Zero ? parsed : DefaultTimeout;
        if (timeout > MaxWebhookTimeout)
        {
            timeout = MaxWebhookTimeout;
        }

        return (timeout, timeout * Ratio);
    }

    /// <summary>What <see cref="Resolve"/> says when the budget ran out.</summary>
    public string Exhausted()
    {
        var (timeout, budget) = Resolve();
        return $"no answer within {budget.TotalMilliseconds:0} ms, {Ratio:P0} of the API server's {timeout.TotalSeconds:0.###} s timeout";
    }

    private static string? TimeoutParameter(string? query)
    {
        foreach (var pair in (query ?? "").TrimStart('?').Split('&'))
        {
            if (pair.StartsWith("timeout=", StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(pair["timeout=".Length..]);
            }
        }

        return null;
    }
}
