namespace PodIdentity.Discovery.Source;

/// <summary>The two documents exactly as the API server returned them.</summary>
internal sealed record ApiServerDocuments(string DiscoveryJson, string JwksJson);
