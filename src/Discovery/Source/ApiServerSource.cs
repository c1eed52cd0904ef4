using k8s;
using Microsoft.Extensions.Options;
using PodIdentity.Discovery.Options;
using Polly;
using Polly.Registry;

namespace PodIdentity.Discovery.Source;

/// <summary>Reads the issuer's discovery document and JWKS from the API server.</summary>
internal interface IApiServerSource
{
    Task<ApiServerDocuments> FetchAsync(CancellationToken cancellationToken);
}

internal sealed class ApiServerSource(IOptions<DiscoveryOptions> options, ResiliencePipelineProvider<string> pipelines) : IApiServerSource, IDisposable
{
    // PublicationOnly: a missing kubeconfig is retried next cycle instead of being cached forever.
    private readonly Lazy<IKubernetes> _client = new(() => KubernetesClientFactory.Create(options.Value.Kubeconfig), LazyThreadSafetyMode.PublicationOnly);

    public async Task<ApiServerDocuments> FetchAsync(CancellationToken cancellationToken)
    {
        var pipeline = pipelines.GetPipeline(Resilience.ApiServer);
        var client = _client.Value;
        var discovery = await pipeline.ExecuteAsync(
            static async (c, ct) => await c.WellKnown.GetServiceAccountIssuerOpenIDConfigurationAsync(ct), client, cancellationToken);
        var jwks = await pipeline.ExecuteAsync(
            static async (c, ct) => await c.Openid.GetServiceAccountIssuerOpenIDKeysetAsync(ct), client, cancellationToken);
        return new ApiServerDocuments(discovery, jwks);
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
