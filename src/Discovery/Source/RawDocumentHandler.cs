using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PodIdentity.Discovery.Source;

/// <summary>
/// KubernetesClient types the two issuer endpoints as returning a string but JSON-deserializes the
/// body into one, which fails on a JSON object. This handler wraps the document in a JSON string
/// literal so the client hands back the exact bytes the API server sent, while auth, TLS and
/// in-cluster token refresh stay with KubernetesClient.
/// </summary>
internal sealed class RawDocumentHandler : DelegatingHandler
{
    private static readonly string[] Paths = ["/.well-known/openid-configuration", "/openid/v1/jwks"];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri?.AbsolutePath ?? "";
        if (!response.IsSuccessStatusCode || !Paths.Any(p => path.EndsWith(p, StringComparison.Ordinal)))
        {
            return response;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var wrapped = new StringContent(JsonSerializer.Serialize(body, SourceJsonContext.Default.String), Encoding.UTF8);
        wrapped.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        response.Content.Dispose();
        response.Content = wrapped;
        return response;
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class SourceJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
