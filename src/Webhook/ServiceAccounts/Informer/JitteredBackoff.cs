namespace PodIdentity.Webhook.ServiceAccounts.Informer;

/// <summary>
/// Exponential backoff with "equal jitter": attempt n waits between half and all of
/// min(max, initial·2ⁿ), so replicas restarted together do not reconnect in lockstep.
/// </summary>
internal sealed class JitteredBackoff(TimeSpan initial, TimeSpan max)
{
    private int attempt;

    public TimeSpan Next()
    {
        var exponent = Math.Min(attempt, 30);
        attempt++;
        var cap = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exponent));
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        var jittered = (cap / 2) + (Random.Shared.NextDouble() * cap / 2);
#pragma warning restore CA5394
        return TimeSpan.FromMilliseconds(jittered);
    }

    public void Reset() => attempt = 0;
}
