using PodIdentity.Discovery.Oidc;

namespace PodIdentity.Discovery.Publishing;

internal sealed record MergeResult(PublishedState State, IReadOnlyList<string> NewlyRetired, IReadOnlyList<string> Dropped);

/// <summary>
/// Keeps keys that left the API server for the retention window, so tokens signed just before a
/// rotation keep verifying until they expire and caches have refreshed.
/// </summary>
internal static class KeyRetention
{
    /// <summary>AWS IAM accepts at most 100 keys in a JWKS; warn well before that.</summary>
    public const int WarnAboveKeys = 90;

    public static MergeResult Merge(CheckedDocuments current, PublishedState? previous, DateTimeOffset now, TimeSpan retention)
    {
        var liveKids = new HashSet<string>(current.Kids, StringComparer.Ordinal);
        var keys = current.Keys.Select(k => new PublishedKey(k.Kid(), k, null)).ToList();
        var newlyRetired = new List<string>();
        var dropped = new List<string>();

        foreach (var old in previous?.Keys ?? [])
        {
            if (liveKids.Contains(old.Kid))
            {
                continue;
            }

            var retiredAt = old.RetiredAt ?? now;
            if (old.RetiredAt is null)
            {
                newlyRetired.Add(old.Kid);
            }

            if (now - retiredAt < retention)
            {
                keys.Add(old with { RetiredAt = retiredAt });
            }
            else
            {
                dropped.Add(old.Kid);
            }
        }

        return new MergeResult(new PublishedState(keys), newlyRetired, dropped);
    }
}
