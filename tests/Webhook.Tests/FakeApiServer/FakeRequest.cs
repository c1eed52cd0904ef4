namespace PodIdentity.Webhook.Tests.FakeApiServer;

public enum FakeRequestKind
{
    List,
    Watch,
    Get,
}

/// <summary>A request the fake API server received, with its query parameters.</summary>
public sealed record FakeRequest(FakeRequestKind Kind, string Path, IReadOnlyDictionary<string, string> Query)
{
    public string? this[string parameter] => Query.TryGetValue(parameter, out var value) ? value : null;
}

/// <summary>How the fake answers a watch whose resourceVersion is older than its history.</summary>
public enum GoneMode
{
    /// <summary>HTTP 200 with one ERROR event carrying a 410 Expired Status, then the stream ends (what kube-apiserver does).</summary>
    ErrorEvent,

    /// <summary>HTTP 410 Gone with a Status body.</summary>
    HttpStatus,
}
