using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PodIdentity.Discovery.Oidc;

namespace PodIdentity.Discovery.Doctor;

/// <summary>A compact JWS split into its parts; just enough to verify a ServiceAccount token with the BCL.</summary>
internal sealed record JwtToken(JsonObject Header, JsonObject Payload, byte[] SigningInput, byte[] Signature)
{
    public string? Kid => Header.Str("kid");
    public string? Alg => Header.Str("alg");
    public string? Issuer => Payload.Str("iss");

    public IReadOnlyList<string> Audiences => Payload["aud"] switch
    {
        JsonArray array => [.. array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : "")],
        JsonValue value when value.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    public DateTimeOffset? Expires => Payload["exp"] is JsonValue v && v.TryGetValue<long>(out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : null;

    /// <summary>Null with a reason when the text is not a JWS in compact form.</summary>
    public static (JwtToken? Token, string? Error) Parse(string text)
    {
        var parts = text.Trim().Split('.');
        if (parts.Length != 3)
        {
            return (null, $"has {parts.Length} dot-separated parts; a JWT has 3 (header.payload.signature)");
        }

        try
        {
            var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0])) as JsonObject;
            var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) as JsonObject;
            if (header is null || payload is null)
            {
                return (null, "header or payload is not a JSON object");
            }

            return (new JwtToken(header, payload, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2])), null);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return (null, $"is not base64url JSON ({ex.Message})");
        }
    }

    /// <summary>Verifies the signature with a JWK; false with a reason when it does not verify.</summary>
    public (bool Valid, string Detail) Verify(JsonObject jwk)
    {
        try
        {
            bool? valid = (Alg, jwk.Str("kty")) switch
            {
                ("RS256" or "RS384" or "RS512", "RSA") => VerifyRsa(jwk, RSASignaturePadding.Pkcs1),
                ("PS256" or "PS384" or "PS512", "RSA") => VerifyRsa(jwk, RSASignaturePadding.Pss),
                ("ES256" or "ES384" or "ES512", "EC") => VerifyEc(jwk),
                _ => null,
            };
            return valid switch
            {
                true => (true, $"{Alg} signature verifies with kid {Kid}"),
                false => (false, $"{Alg} signature does not verify with the public key of kid {Kid}"),
                null => (false, $"alg {Alg ?? "missing"} with a key of kty {jwk.Str("kty") ?? "missing"} is not supported"),
            };
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return (false, $"public key for kid {Kid} is unusable: {ex.Message}");
        }
    }

    private HashAlgorithmName Hash => Alg?[2..] switch
    {
        "384" => HashAlgorithmName.SHA384,
        "512" => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    private bool VerifyRsa(JsonObject jwk, RSASignaturePadding padding)
    {
        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = Base64Url.DecodeFromChars(jwk.Str("n") ?? ""),
            Exponent = Base64Url.DecodeFromChars(jwk.Str("e") ?? ""),
        });
        return rsa.VerifyData(SigningInput, Signature, Hash, padding);
    }

    private bool VerifyEc(JsonObject jwk)
    {
        var curve = jwk.Str("crv") switch
        {
            "P-384" => ECCurve.NamedCurves.nistP384,
            "P-521" => ECCurve.NamedCurves.nistP521,
            _ => ECCurve.NamedCurves.nistP256,
        };
        using var ec = ECDsa.Create(new ECParameters
        {
            Curve = curve,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(jwk.Str("x") ?? ""), Y = Base64Url.DecodeFromChars(jwk.Str("y") ?? "") },
        });
        return ec.VerifyData(SigningInput, Signature, Hash);
    }
}
