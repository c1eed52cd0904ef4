using System.Runtime.InteropServices;
using System.Text.Json;
using k8s;
using Microsoft.Extensions.Options;
using PodIdentity.Webhook.Observability;
using PodIdentity.Webhook.ServiceAccounts.Informer;

namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>
/// Lists and watches ServiceAccounts in all namespaces into the <see cref="ServiceAccountStore"/>. List pages and
/// watch objects are read by <see cref="ServiceAccountJson"/>, never as KubernetesClient models.
/// </summary>
internal sealed class ServiceAccountInformer(
    Kubernetes client,
    ServiceAccountStore store,
    ServiceAccountJson json,
    IOptions<ServiceAccountCacheOptions> options,
    WebhookMetrics metrics,
    ILogger<ServiceAccountInformer> logger)
    : ResourceInformer<ServiceAccountObject>("ServiceAccount", Settings(options.Value), logger)
{
    protected override async Task<ListPage<ServiceAccountObject>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken)
    {
        var pathAndQuery = string.IsNullOrEmpty(continueToken)
            ? $"api/v1/serviceaccounts?limit={limit}"
            : $"api/v1/serviceaccounts?limit={limit}&continue={Uri.EscapeDataString(continueToken)}";
        using var response = await KubernetesRequest.GetAsync(client, pathAndQuery, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            // One pooled parse of the page's bytes (no models); each item is then read where it lies.
            using var page = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = page.RootElement;
            string? resourceVersion = null, next = null;
            long? remaining = null;
            if (root.TryGetProperty("metadata"u8, out var metadata) && metadata.ValueKind == JsonValueKind.Object)
            {
                resourceVersion = metadata.TryGetProperty("resourceVersion"u8, out var version) ? version.GetString() : null;
                next = metadata.TryGetProperty("continue"u8, out var token) ? token.GetString() : null;
                remaining = metadata.TryGetProperty("remainingItemCount"u8, out var count) && count.ValueKind == JsonValueKind.Number && count.TryGetInt64(out var n) ? n : null;
            }

            var items = new List<ServiceAccountObject>();
            if (root.TryGetProperty("items"u8, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                items.Capacity = list.GetArrayLength();
                foreach (var item in list.EnumerateArray())
                {
                    items.Add(json.Read(JsonMarshal.GetRawUtf8Value(item)));
                }
            }

            return new ListPage<ServiceAccountObject>(items, resourceVersion, next, remaining);
        }
    }

    protected override IAsyncEnumerable<(WatchEventType Type, ServiceAccountObject? Item)> WatchAsync(
        string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken) =>
        WatchStream.ReadAsync(
            client,
            $"api/v1/serviceaccounts?watch=true&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(resourceVersion)}&timeoutSeconds={timeoutSeconds}",
            element => json.Read(JsonMarshal.GetRawUtf8Value(element)),
            onError,
            cancellationToken);

    protected override IInformerSnapshot<ServiceAccountObject> BeginSnapshot() => store.BeginSnapshot();

    protected override void OnWatchEvent(WatchEventType type, ServiceAccountObject item)
    {
        if (type == WatchEventType.Deleted)
        {
            store.Remove(item);
        }
        else
        {
            store.Upsert(item);
        }
    }

    protected override void OnResourceVersion(string resourceVersion) => store.ObserveResourceVersion(resourceVersion);

    protected override void OnWatchEnded(WatchEndReason reason) => metrics.WatchRestarts.WithLabels(reason.Label()).Inc();

    private static InformerSettings Settings(ServiceAccountCacheOptions o) =>
        new(o.PageSize, o.WatchTimeout, o.WatchSilenceLimit, o.ResyncBackoffInitial, o.ResyncBackoffMax);
}
