using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Options;
using PodIdentity.Webhook.Observability;
using PodIdentity.Webhook.ServiceAccounts.Informer;

namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>Lists and watches ServiceAccounts in all namespaces into the <see cref="ServiceAccountStore"/>.</summary>
internal sealed class ServiceAccountInformer(
    Kubernetes client,
    ServiceAccountStore store,
    IOptions<ServiceAccountCacheOptions> options,
    WebhookMetrics metrics,
    ILogger<ServiceAccountInformer> logger)
    : ResourceInformer<V1ServiceAccount>("ServiceAccount", Settings(options.Value), logger)
{
    protected override async Task<ListPage<V1ServiceAccount>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken)
    {
        using var response = await client.CoreV1.ListServiceAccountForAllNamespacesWithHttpMessagesAsync(
            continueParameter: continueToken,
            limit: limit,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var list = response.Body;
        return new ListPage<V1ServiceAccount>(list.Items, list.Metadata?.ResourceVersion, list.Metadata?.ContinueProperty);
    }

    protected override IAsyncEnumerable<(WatchEventType Type, V1ServiceAccount? Item)> WatchAsync(
        string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken) =>
        WatchStream.ReadAsync(
            client,
            $"api/v1/serviceaccounts?watch=true&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(resourceVersion)}&timeoutSeconds={timeoutSeconds}",
            static element => KubernetesJson.Deserialize<V1ServiceAccount>(element),
            onError,
            cancellationToken);

    protected override IInformerSnapshot<V1ServiceAccount> BeginSnapshot() => store.BeginSnapshot();

    protected override void OnWatchEvent(WatchEventType type, V1ServiceAccount item)
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
