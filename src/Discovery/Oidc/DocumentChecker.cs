using System.Text.Json;
using System.Text.Json.Nodes;

namespace PodIdentity.Discovery.Oidc;

/// <summary>
/// Everything that must hold before a document is published. A failure publishes nothing, so the
/// last good public copy stays in place instead of a broken one replacing it.
/// </summary>
internal static class DocumentChecker
{
    // GCP rejects certificate members in a JWKS; AWS ignores them; nobody needs them.
    private static readonly string[] CertificateMembers = ["x5c", "x5t", "x5t#S256", "x5u"];

    public static CheckResult Check(string configuredIssuer, string discoveryJson, string jwksJson)
    {
        var failures = new List<CheckFailure>();
        var notes = new List<string>();

        var discovery = ParseObject(discoveryJson, "openid-configuration", failures);
        var jwks = ParseObject(jwksJson, "jwks", failures);
        if (discovery is null || jwks is null)
        {
            return new CheckResult(null, failures, notes);
        }

        var issuer = discovery.Str("issuer");
        if (issuer is null)
        {
            failures.Add(new("openid-configuration.issuer", $"is missing; expected \"{configuredIssuer}\""));
        }
        else if (IssuerDifference(issuer, configuredIssuer) is { } difference)
        {
            failures.Add(new("openid-configuration.issuer",
                $"is \"{issuer}\" but Discovery:Issuer is \"{configuredIssuer}\" ({difference}); they must be equal character for character: " +
                "set Discovery:Issuer to the API server's --service-account-issuer, or change that flag"));
        }

        var jwksUri = discovery.Str("jwks_uri");
        if (jwksUri is null)
        {
            failures.Add(new("openid-configuration.jwks_uri", $"is missing; expected e.g. \"{configuredIssuer.TrimEnd('/')}/openid/v1/jwks\""));
        }
        else if (!IsUnder(jwksUri, configuredIssuer))
        {
            failures.Add(new("openid-configuration.jwks_uri",
                $"is \"{jwksUri}\", which is not under the issuer \"{configuredIssuer}\"; set the API server's --service-account-jwks-uri to \"{configuredIssuer.TrimEnd('/')}/openid/v1/jwks\""));
        }

        var keys = CheckKeys(jwks, failures, notes);
        if (failures.Count > 0)
        {
            return new CheckResult(null, failures, notes);
        }

        return new CheckResult(new CheckedDocuments(issuer!, jwksUri!, discovery, keys), failures, notes);
    }

    private static List<JsonObject> CheckKeys(JsonObject jwks, List<CheckFailure> failures, List<string> notes)
    {
        var result = new List<JsonObject>();
        if (!jwks.TryGetPropertyValue("keys", out var keysNode) || keysNode is not JsonArray keys)
        {
            failures.Add(new("jwks.keys", "is missing or not an array; expected {\"keys\":[{...}]}"));
            return result;
        }

        if (keys.Count == 0)
        {
            failures.Add(new("jwks.keys", "is empty; the API server must publish at least one signing key (check --service-account-signing-key-file)"));
            return result;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            if (keys[i] is not JsonObject key)
            {
                failures.Add(new($"jwks.keys[{i}]", "is not a JSON object"));
                continue;
            }

            var kid = key.Str("kid");
            var label = string.IsNullOrEmpty(kid) ? $"jwks.keys[{i}]" : $"jwks.keys[{i}] (kid {kid})";
            if (string.IsNullOrEmpty(kid))
            {
                failures.Add(new($"jwks.keys[{i}].kid", "is missing; every key needs a \"kid\" so tokens can name it"));
            }
            else if (!seen.Add(kid))
            {
                failures.Add(new($"{label}.kid", "is duplicated; each kid must be unique"));
            }

            if (key.Str("use") != "sig")
            {
                failures.Add(new($"{label}.use", $"is {Show(key.Str("use"))}; expected \"sig\""));
            }

            if (string.IsNullOrEmpty(key.Str("alg")))
            {
                failures.Add(new($"{label}.alg", "is missing; expected e.g. \"RS256\" or \"ES256\""));
            }

            if (string.IsNullOrEmpty(key.Str("kty")))
            {
                failures.Add(new($"{label}.kty", "is missing; expected \"RSA\" or \"EC\""));
            }

            var copy = (JsonObject)key.DeepClone();
            foreach (var member in CertificateMembers)
            {
                if (copy.Remove(member))
                {
                    notes.Add($"{label}: removed \"{member}\" (GCP rejects certificate members in a JWKS)");
                }
            }

            result.Add(copy);
        }

        return result;
    }

    /// <summary>Null when equal; else which part differs, because "mismatch" alone sends people hunting.</summary>
    public static string? IssuerDifference(string actual, string expected)
    {
        if (string.Equals(actual, expected, StringComparison.Ordinal))
        {
            return null;
        }

        if (string.Equals(actual.TrimEnd('/'), expected.TrimEnd('/'), StringComparison.Ordinal))
        {
            return "trailing slash differs";
        }

        if (!Uri.TryCreate(actual, UriKind.Absolute, out var a) || !Uri.TryCreate(expected, UriKind.Absolute, out var e))
        {
            return "not the same URL";
        }

        if (a.Scheme != e.Scheme) return "scheme differs";
        if (!string.Equals(a.Authority, e.Authority, StringComparison.Ordinal)) return "host or port differs";
        if (a.AbsolutePath != e.AbsolutePath) return "path differs";
        return "not the same URL";
    }

    /// <summary>True when <paramref name="url"/> has the issuer's scheme and authority and sits below its path.</summary>
    public static bool IsUnder(string url, string issuer)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || !Uri.TryCreate(issuer, UriKind.Absolute, out var i))
        {
            return false;
        }

        return u.Scheme == i.Scheme
            && string.Equals(u.Authority, i.Authority, StringComparison.OrdinalIgnoreCase)
            && u.AbsolutePath.StartsWith(i.AbsolutePath.TrimEnd('/') + "/", StringComparison.Ordinal);
    }

    /// <summary>The path of <paramref name="url"/> relative to the issuer's path, without a leading slash.</summary>
    public static string RelativePath(string url, string issuer)
    {
        var u = new Uri(url);
        var i = new Uri(issuer);
        return u.AbsolutePath[(i.AbsolutePath.TrimEnd('/').Length + 1)..];
    }

    private static JsonObject? ParseObject(string json, string name, List<CheckFailure> failures)
    {
        try
        {
            if (JsonNode.Parse(json) is JsonObject obj)
            {
                return obj;
            }

            failures.Add(new(name, "is not a JSON object"));
        }
        catch (JsonException ex)
        {
            failures.Add(new(name, $"is not valid JSON ({ex.Message})"));
        }

        return null;
    }

    private static string Show(string? value) => value is null ? "missing" : $"\"{value}\"";
}
