using System.Text.Json.Nodes;
using PodIdentity.Discovery.Oidc;

namespace PodIdentity.Discovery.Tests.Oidc;

public sealed class DocumentCheckerTests
{
    private const string Issuer = "https://oidc.example.com/cluster";

    private static string Discovery(string issuer = Issuer, string jwksUri = Issuer + "/openid/v1/jwks") =>
        new JsonObject { ["issuer"] = issuer, ["jwks_uri"] = jwksUri }.ToJsonString();

    private static string Jwks(params JsonObject[] keys) => new JsonObject { ["keys"] = new JsonArray(keys) }.ToJsonString();

    private static JsonObject Key(string? kid = "k1", string? use = "sig", string? alg = "RS256")
    {
        var key = new JsonObject { ["kty"] = "RSA", ["n"] = "AQAB", ["e"] = "AQAB" };
        if (kid is not null) key["kid"] = kid;
        if (use is not null) key["use"] = use;
        if (alg is not null) key["alg"] = alg;
        return key;
    }

    [Theory]
    [InlineData("https://oidc.example.com/cluster/", "trailing slash differs")]
    [InlineData("http://oidc.example.com/cluster", "scheme differs")]
    [InlineData("https://other.example.com/cluster", "host or port differs")]
    [InlineData("https://oidc.example.com/other", "path differs")]
    public void Issuer_must_match_exactly_and_the_difference_is_named(string actual, string difference)
    {
        var result = DocumentChecker.Check(Issuer, Discovery(actual), Jwks(Key()));
        var failure = Assert.Single(result.Failures);
        Assert.Equal("openid-configuration.issuer", failure.Field);
        Assert.Contains(difference, failure.Message, StringComparison.Ordinal);
        Assert.Null(result.Documents);
    }

    [Theory]
    [InlineData("https://10.0.0.1:6443/openid/v1/jwks")]
    [InlineData("https://oidc.example.com/clusterX/openid/v1/jwks")]
    [InlineData("https://oidc.example.com/openid/v1/jwks")]
    public void Jwks_uri_must_be_under_the_issuer(string jwksUri)
    {
        var failure = Assert.Single(DocumentChecker.Check(Issuer, Discovery(jwksUri: jwksUri), Jwks(Key())).Failures);
        Assert.Equal("openid-configuration.jwks_uri", failure.Field);
        Assert.Contains(jwksUri, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_key_set_is_refused()
    {
        var failure = Assert.Single(DocumentChecker.Check(Issuer, Discovery(), Jwks()).Failures);
        Assert.Equal("jwks.keys", failure.Field);
        Assert.Contains("empty", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_missing_key_field_is_named()
    {
        var failures = DocumentChecker.Check(Issuer, Discovery(), Jwks(Key(kid: null), Key(kid: "k2", use: "enc"), Key(kid: "k3", alg: null))).Failures;
        Assert.Equal(["jwks.keys[0].kid", "jwks.keys[1] (kid k2).use", "jwks.keys[2] (kid k3).alg"], failures.Select(f => f.Field));
        Assert.Contains("expected \"sig\"", failures[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificate_members_are_removed_with_a_note()
    {
        var key = Key();
        key["x5c"] = new JsonArray("MIIB");
        key["x5t#S256"] = "abc";
        var result = DocumentChecker.Check(Issuer, Discovery(), Jwks(key));

        Assert.Empty(result.Failures);
        Assert.False(result.Documents!.Keys[0].ContainsKey("x5c"));
        Assert.False(result.Documents.Keys[0].ContainsKey("x5t#S256"));
        Assert.Equal(2, result.Notes.Count);
    }

    [Fact]
    public void Invalid_json_is_named()
    {
        var failure = Assert.Single(DocumentChecker.Check(Issuer, "<html>", Jwks(Key())).Failures);
        Assert.Equal("openid-configuration", failure.Field);
    }
}
