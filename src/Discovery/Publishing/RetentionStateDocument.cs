using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PodIdentity.Discovery.Oidc;

namespace PodIdentity.Discovery.Publishing;

/// <summary>
/// Stored next to the JWKS so a restarted publisher knows since when each retired key has been gone.
/// Only kids and times: the keys themselves are read back from the published JWKS.
/// </summary>
internal sealed record RetentionStateDocument(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("retired")] IReadOnlyDictionary<string, DateTimeOffset> Retired)
{
    public const string Path = ".podidentity-discovery/state.json";

    public static byte[] Serialize(PublishedState state) => JsonSerializer.SerializeToUtf8Bytes(
        new RetentionStateDocument(1, state.Keys.Where(k => !k.Live).ToDictionary(k => k.Kid, k => k.RetiredAt!.Value, StringComparer.Ordinal)),
        RetentionStateJsonContext.Default.RetentionStateDocument);

    /// <summary>
    /// Rebuilds the state from what a target holds. A published key the API server no longer has and
    /// the state does not date counts as retired now: keeping it a little longer is the safe error.
    /// </summary>
    public static PublishedState Restore(string jwksJson, string? stateJson, CheckedDocuments current, DateTimeOffset now)
    {
        var retired = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (stateJson is not null)
        {
            var doc = JsonSerializer.Deserialize(stateJson, RetentionStateJsonContext.Default.RetentionStateDocument);
            foreach (var (kid, at) in doc?.Retired ?? new Dictionary<string, DateTimeOffset>())
            {
                retired[kid] = at;
            }
        }

        var live = new HashSet<string>(current.Kids, StringComparer.Ordinal);
        var keys = new List<PublishedKey>();
        if (JsonNode.Parse(jwksJson) is JsonObject jwks && jwks["keys"] is JsonArray array)
        {
            foreach (var key in array.OfType<JsonObject>())
            {
                var kid = key.Kid();
                if (kid.Length == 0 || live.Contains(kid))
                {
                    continue;
                }

                keys.Add(new PublishedKey(kid, (JsonObject)key.DeepClone(), retired.TryGetValue(kid, out var at) ? at : now));
            }
        }

        return new PublishedState(keys);
    }
}

[JsonSerializable(typeof(RetentionStateDocument))]
internal sealed partial class RetentionStateJsonContext : JsonSerializerContext;
