using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace PodIdentity.Discovery.Tests.Infrastructure;

/// <summary>A real RSA signing key and its JWK, as the API server publishes it.</summary>
internal sealed class TestKey : IDisposable
{
    private static int _counter;

    public TestKey()
    {
        Rsa = RSA.Create(2048);
        var p = Rsa.ExportParameters(false);
        Kid = $"key-{Interlocked.Increment(ref _counter)}-{Convert.ToHexStringLower(SHA256.HashData(p.Modulus!))[..12]}";
    }

    public RSA Rsa { get; }
    public string Kid { get; }

    public JsonObject Jwk()
    {
        var p = Rsa.ExportParameters(false);
        return new JsonObject
        {
            ["use"] = "sig",
            ["kty"] = "RSA",
            ["kid"] = Kid,
            ["alg"] = "RS256",
            ["n"] = Base64Url.EncodeToString(p.Modulus),
            ["e"] = Base64Url.EncodeToString(p.Exponent),
        };
    }

    /// <summary>A ServiceAccount-style token signed with this key.</summary>
    public string Sign(string issuer, string audience, DateTimeOffset expires, string? kid = null)
    {
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = kid ?? Kid }.ToJsonString();
        var payload = new JsonObject
        {
            ["iss"] = issuer,
            ["aud"] = new JsonArray(audience),
            ["sub"] = "system:serviceaccount:default:app",
            ["exp"] = expires.ToUnixTimeSeconds(),
        }.ToJsonString();
        var input = $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header))}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}";
        var signature = Rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{input}.{Base64Url.EncodeToString(signature)}";
    }

    public void Dispose() => Rsa.Dispose();
}
