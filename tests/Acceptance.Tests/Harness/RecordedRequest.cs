using System.Net;

namespace PodIdentity.Acceptance.Tests.Harness;

/// <summary>One request a stand-in received, as it arrived.</summary>
internal sealed record RecordedRequest(string Method, string Host, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The body as application/x-www-form-urlencoded fields.</summary>
    public IReadOnlyDictionary<string, string> Form =>
        Body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => WebUtility.UrlDecode(p[0]), p => p.Length > 1 ? WebUtility.UrlDecode(p[1]) : "");
}
