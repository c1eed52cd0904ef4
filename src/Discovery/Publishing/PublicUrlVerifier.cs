using System.Text.Json;
using System.Text.Json.Nodes;
using PodIdentity.Discovery.Http;
using PodIdentity.Discovery.Source;
using Polly;
using Polly.Registry;

namespace PodIdentity.Discovery.Publishing;

internal enum PublicCheckOutcome
{
    Match,
    Mismatch,
    Error,
}

internal sealed record PublicCheckResult(PublicCheckOutcome Outcome, string Detail);

/// <summary>Fetches what the world sees at the issuer and compares it with what was just published.</summary>
internal sealed class PublicUrlVerifier(PublicHttpSettings settings, ResiliencePipelineProvider<string> pipelines) : IDisposable
{
    private readonly Lazy<HttpClient> _client = new(settings.CreateValidatingClient);

    public static string DiscoveryUrl(string issuer) => issuer.TrimEnd('/') + "/.well-known/openid-configuration";

    public async Task<PublicCheckResult> VerifyAsync(PublishedDocuments published, CancellationToken cancellationToken)
    {
        var discovery = await CompareAsync(DiscoveryUrl(published.Issuer), published.Discovery, cancellationToken);
        if (discovery.Outcome != PublicCheckOutcome.Match)
        {
            return discovery;
        }

        return await CompareAsync(published.JwksUri, published.Jwks, cancellationToken);
    }

    private async Task<PublicCheckResult> CompareAsync(string url, PublishedDocument expected, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await pipelines.GetPipeline(Resilience.PublicUrl).ExecuteAsync(async ct =>
            {
                using var response = await _client.Value.GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead, ct);
                if (!response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException($"GET {url} returned {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
                }

                return await BoundedBody.ReadAsStringAsync(response, BoundedBody.DefaultLimitBytes, ct);
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new PublicCheckResult(PublicCheckOutcome.Error, $"GET {url} failed: {ex.Message}");
        }

        try
        {
            if (JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(expected.Content)))
            {
                return new PublicCheckResult(PublicCheckOutcome.Match, url);
            }
        }
        catch (JsonException)
        {
            return new PublicCheckResult(PublicCheckOutcome.Mismatch, $"{url} does not return JSON");
        }

        return new PublicCheckResult(PublicCheckOutcome.Mismatch,
            $"{url} differs from what was published (a CDN may hold it for up to max-age=300 s; if this persists, the public copy is stale)");
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
