using k8s;
using k8s.Autorest;

namespace PodIdentity.Webhook.ServiceAccounts.Informer;

/// <summary>
/// A GET through the client's own HttpClient and credentials (so kubeconfig, in-cluster token refresh and client
/// certificates all apply) whose body the caller reads as a stream. For the list pages and the watch, which
/// KubernetesClient.Aot would otherwise turn into full models (list) or cannot stream at all (watch).
/// </summary>
internal static class KubernetesRequest
{
    /// <summary>The response once its headers are in; a non-2xx answer throws <see cref="HttpOperationException"/> with the status.</summary>
    public static async Task<HttpResponseMessage> GetAsync(Kubernetes client, string pathAndQuery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseUri, pathAndQuery));
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var response = await client.HttpClient
            .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var content = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpOperationException($"GET {request.RequestUri?.AbsolutePath} answered {(int)response.StatusCode} {response.ReasonPhrase}")
            {
                Response = new HttpResponseMessageWrapper(response, content),
            };
        }
    }
}
