using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PodIdentity.Acceptance.Tests.Harness;

/// <summary>
/// Stands in for the API server's token signer: RS256 JWTs with the claims the kubelet's projected
/// ServiceAccount tokens carry (iss, sub, aud, exp, iat, nbf, kubernetes.io), for the audience and
/// lifetime the volume asks for.
/// </summary>
internal sealed class ServiceAccountTokens : IDisposable
{
    public const string Issuer = "https://oidc.acceptance.test/cluster";

    private readonly RSA key = RSA.Create(2048);

    public string KeyId { get; } = Guid.NewGuid().ToString("N");

    public string Issue(string ns, string serviceAccount, string podName, string audience, long expirationSeconds)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = KeyId, ["typ"] = "JWT" };
        var claims = new JsonObject
        {
            ["aud"] = new JsonArray(audience),
            ["exp"] = now + expirationSeconds,
            ["iat"] = now,
            ["nbf"] = now,
            ["iss"] = Issuer,
            ["sub"] = $"system:serviceaccount:{ns}:{serviceAccount}",
            ["kubernetes.io"] = new JsonObject
            {
                ["namespace"] = ns,
                ["pod"] = new JsonObject { ["name"] = podName, ["uid"] = Guid.NewGuid().ToString() },
                ["serviceaccount"] = new JsonObject { ["name"] = serviceAccount, ["uid"] = Guid.NewGuid().ToString() },
            },
        };
        var signingInput = Base64Url(header.ToJsonString()) + "." + Base64Url(claims.ToJsonString());
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64UrlEncode(signature);
    }

    /// <summary>The claims of a token this signer issued; throws when the signature is not ours.</summary>
    public JsonObject Verify(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            throw new FormatException($"not a JWT (expected header.claims.signature): {token}");
        }

        var valid = key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64UrlDecode(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return valid
            ? JsonNode.Parse(Base64UrlDecode(parts[1]))!.AsObject()
            : throw new CryptographicException("the token's signature is not the test signer's");
    }

    private static string Base64Url(string json) => Base64UrlEncode(Encoding.UTF8.GetBytes(json));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64UrlDecode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    public void Dispose() => key.Dispose();
}
