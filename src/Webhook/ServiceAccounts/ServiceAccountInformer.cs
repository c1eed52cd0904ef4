using System.Buffers;
using System.Runtime.InteropServices;
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
            // The page whole in a pooled buffer (reused page after page), then one pass of the reader over it.
            var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
            try
            {
                var length = 0;
                int read;
                while ((read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }

                return json.ReadPage(buffer.AsSpan(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
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
