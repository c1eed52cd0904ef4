using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace PodIdentity.Webhook.ServiceAccounts.Informer;

/// <summary>
/// One watch request and its newline-delimited stream of events, read through the client's own
/// HttpClient and credentials (so kubeconfig, in-cluster token refresh and client certificates all
/// apply). KubernetesClient.Aot, the trimming-safe build of KubernetesClient, has no watch helper;
/// this is the part of it we need: each line is <c>{"type": ..., "object": ...}</c>, and an ERROR
/// line carries a Status.
/// </summary>
internal static class WatchStream
{
    /// <summary>
    /// Opens <paramref name="pathAndQuery"/> (relative to the API server, with <c>watch=true</c>) and
    /// yields its events. An ERROR event or an unreadable line goes to <paramref name="onError"/> and
    /// ends the stream; a non-2xx answer throws <see cref="HttpOperationException"/> with the status.
    /// </summary>
    public static async IAsyncEnumerable<(WatchEventType Type, T? Item)> ReadAsync<T>(
        Kubernetes client,
        string pathAndQuery,
        Func<JsonElement, T> deserialize,
        Action<Exception> onError,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseUri, pathAndQuery));
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var response = await client.HttpClient
            .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(request, response, cancellationToken).ConfigureAwait(false);
        }

        using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(body);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (!TryParse(line, deserialize, out var type, out var item, out var error))
            {
                onError(error);
                yield break;
            }

            yield return (type, item);
        }
    }

    private static bool TryParse<T>(string line, Func<JsonElement, T> deserialize, out WatchEventType type, out T? item, out Exception error)
        where T : class
    {
        type = default;
        item = null;
        error = null!;
        try
        {
            var envelope = JsonSerializer.Deserialize(line, WatchJsonContext.Default.WatchLine);
            if (envelope is null || ParseType(envelope.Type) is not { } parsed)
            {
                error = new KubernetesException($"Unreadable watch event type \"{envelope?.Type}\" in: {Shorten(line)}");
                return false;
            }

            type = parsed;
            if (type == WatchEventType.Error)
            {
                var status = envelope.Object.ValueKind == JsonValueKind.Object
                    ? KubernetesJson.Deserialize<V1Status>(envelope.Object)
                    : null;
                error = status is null
                    ? new KubernetesException($"Watch ERROR event without a Status: {Shorten(line)}")
                    : new KubernetesException(status);
                return false;
            }

            item = envelope.Object.ValueKind == JsonValueKind.Object ? deserialize(envelope.Object) : null;
            return true;
        }
        catch (JsonException e)
        {
            error = new KubernetesException($"Unreadable watch event: {e.Message}", e);
            return false;
        }
    }

    private static WatchEventType? ParseType(string? text) => text switch
    {
        "ADDED" => WatchEventType.Added,
        "MODIFIED" => WatchEventType.Modified,
        "DELETED" => WatchEventType.Deleted,
        "BOOKMARK" => WatchEventType.Bookmark,
        "ERROR" => WatchEventType.Error,
        _ => null,
    };

    private static async Task<HttpOperationException> FailureAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var content = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new HttpOperationException($"Watch {request.RequestUri?.AbsolutePath} answered {(int)response.StatusCode} {response.ReasonPhrase}")
        {
            Response = new HttpResponseMessageWrapper(response, content),
        };
    }

    private static string Shorten(string line) => line.Length <= 200 ? line : line[..200] + "…";
}

/// <summary>One watch line before its object is typed.</summary>
internal sealed class WatchLine
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("object")]
    public JsonElement Object { get; set; }
}

[JsonSerializable(typeof(WatchLine))]
internal sealed partial class WatchJsonContext : JsonSerializerContext;
