using k8s.Models;

namespace PodIdentity.Webhook.ServiceAccounts;

internal enum DirectReadOutcome
{
    Found,
    NotFound,

    /// <summary>The request reached (or tried to reach) the API server and failed.</summary>
    Failed,

    /// <summary>Not sent: circuit open or rate limit reached.</summary>
    Rejected,
}

internal sealed record DirectReadResult(DirectReadOutcome Outcome, V1ServiceAccount? Account = null, string? Error = null)
{
    public static DirectReadResult NotFound { get; } = new(DirectReadOutcome.NotFound);
}
