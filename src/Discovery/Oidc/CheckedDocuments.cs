using System.Text.Json.Nodes;

namespace PodIdentity.Discovery.Oidc;

/// <summary>The API server's documents after every check passed; keys already stripped of x5c/x5t.</summary>
internal sealed record CheckedDocuments(string Issuer, string JwksUri, JsonObject Discovery, IReadOnlyList<JsonObject> Keys)
{
    public IEnumerable<string> Kids => Keys.Select(k => k.Kid());
}

/// <summary>One failed check: the field that is wrong and what would be right.</summary>
internal sealed record CheckFailure(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

internal sealed record CheckResult(CheckedDocuments? Documents, IReadOnlyList<CheckFailure> Failures, IReadOnlyList<string> Notes);

internal static class JwkExtensions
{
    public static string Kid(this JsonObject key) => key.Str("kid") ?? "";

    public static string? Str(this JsonObject node, string name) =>
        node.TryGetPropertyValue(name, out var value) && value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
