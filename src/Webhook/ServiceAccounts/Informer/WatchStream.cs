using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace PodIdentity.Webhook.ServiceAccounts.Informer;

/// <summary>
/// One watch request (<see cref="KubernetesRequest"/>) and its newline-delimited stream of events.
/// KubernetesClient.Aot, the trimming-safe build of KubernetesClient, has no watch helper; this is the
/// part of it we need: each line is <c>{"type": ..., "object": ...}</c>, and an ERROR line carries a Status.
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
        using var response = await KubernetesRequest.GetAsync(client, pathAndQuery, cancellationToken).ConfigureAwait(false);
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
