using System.Text.Json.Nodes;

namespace PodIdentity.Discovery.Publishing;

/// <summary>A published key; <see cref="RetiredAt"/> is set once it has left the API server.</summary>
internal sealed record PublishedKey(string Kid, JsonObject Jwk, DateTimeOffset? RetiredAt)
{
    public bool Live => RetiredAt is null;
}

/// <summary>What the targets hold: live keys first (API server order), then retained ones.</summary>
internal sealed record PublishedState(IReadOnlyList<PublishedKey> Keys)
{
    public int LiveCount => Keys.Count(k => k.Live);
    public int RetainedCount => Keys.Count(k => !k.Live);
}
