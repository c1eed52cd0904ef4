using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>
/// ServiceAccounts a direct read found missing, remembered for <see cref="ServiceAccountCacheOptions.NotFoundCacheDuration"/>:
/// a pod that keeps naming one that does not exist (a typo in a Deployment, a caller repeating a made-up
/// name) costs one API read per period, not one per review, and no rate-limit token. Short, because a
/// ServiceAccount created meanwhile whose watch event is late is answered "not found" until it expires.
/// </summary>
internal sealed class NotFoundCache(IOptions<ServiceAccountCacheOptions> options, TimeProvider time)
{
    /// <summary>Bound on remembered names; when reached the whole set is dropped (made-up names must not grow it for ever).</summary>
    internal const int MaxEntries = 10_000;

    private readonly TimeSpan duration = options.Value.NotFoundCacheDuration;
    private readonly ConcurrentDictionary<ServiceAccountKey, long> expiries = new();

    public bool Contains(ServiceAccountKey key)
    {
        if (!expiries.TryGetValue(key, out var expiry))
        {
            return false;
        }

        if (time.GetTimestamp() < expiry)
        {
            return true;
        }

        expiries.TryRemove(KeyValuePair.Create(key, expiry));
        return false;
    }

    public void Add(ServiceAccountKey key)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        if (expiries.Count >= MaxEntries)
        {
            expiries.Clear();
        }

        expiries[key] = time.GetTimestamp() + (long)(duration.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>The watch delivered it (or a read found it): it exists now.</summary>
    public void Remove(ServiceAccountKey key) => expiries.TryRemove(key, out _);
}
