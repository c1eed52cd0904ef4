using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PodIdentity.Discovery.Oidc;

namespace PodIdentity.Discovery.Publishing;

/// <summary>One serialized document with its strong ETag.</summary>
internal sealed record PublishedDocument(string Path, byte[] Content, string ETag)
{
    public static PublishedDocument Create(string path, JsonNode node)
    {
        var content = Encoding.UTF8.GetBytes(node.ToJsonString(JsonOptions.Compact));
        var hash = Convert.ToHexStringLower(SHA256.HashData(content))[..32];
        return new PublishedDocument(path, content, $"\"{hash}\"");
    }

    public string Text => Encoding.UTF8.GetString(Content);
}

/// <summary>
/// The two public documents plus the retention state that lets a restart pick up where it left off.
/// Paths are relative to the issuer (no leading slash), e.g. ".well-known/openid-configuration".
/// </summary>
internal sealed record PublishedDocuments(
    string Issuer,
    string JwksUri,
    PublishedDocument Discovery,
    PublishedDocument Jwks,
    PublishedState State,
    DateTimeOffset PublishedAt)
{
    public const string DiscoveryPath = ".well-known/openid-configuration";

    public static PublishedDocuments Create(CheckedDocuments source, PublishedState state, DateTimeOffset now)
    {
        var jwks = new JsonObject { ["keys"] = new JsonArray([.. state.Keys.Select(k => (JsonNode)k.Jwk.DeepClone())]) };
        return new PublishedDocuments(
            source.Issuer,
            source.JwksUri,
            PublishedDocument.Create(DiscoveryPath, source.Discovery.DeepClone()),
            PublishedDocument.Create(DocumentChecker.RelativePath(source.JwksUri, source.Issuer), jwks),
            state,
            now);
    }
}

internal static class JsonOptions
{
    public static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
