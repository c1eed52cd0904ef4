using System.Collections.Concurrent;
using System.Globalization;
using k8s.Models;
using PodIdentity.Webhook.Observability;
using PodIdentity.Webhook.ServiceAccounts.Informer;

namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>
/// The cached ServiceAccounts, trimmed. Reads are lock-free; writes (watch events, relists, the
/// occasional direct read) are serialised by one lock so the resourceVersion bookkeeping stays
/// exact. Entries are compact <see cref="CachedServiceAccount"/>s (see there for the memory trade-off).
/// A lookup that missed can wait for a key: the watch completes its waiter when the account arrives.
/// </summary>
internal sealed class ServiceAccountStore
{
    private readonly ServiceAccountTrimmer trimmer;
    private readonly WebhookMetrics metrics;
    private readonly Lock writeLock = new();
    private readonly ConcurrentDictionary<ServiceAccountKey, TaskCompletionSource<CachedServiceAccount>> waiters = new();
    private volatile ConcurrentDictionary<ServiceAccountKey, CachedServiceAccount> entries = new();
    private ulong appliedVersion;
    private bool appliedVersionKnown;
    private volatile bool ready;

    public ServiceAccountStore(ServiceAccountTrimmer trimmer, WebhookMetrics metrics)
    {
        this.trimmer = trimmer;
        this.metrics = metrics;
    }

    /// <summary>True after the first full list was committed.</summary>
    public bool IsReady => ready;

    public int Count => entries.Count;

    public bool TryGet(ServiceAccountKey key, out CachedServiceAccount result) =>
        entries.TryGetValue(key, out result!);

    public IInformerSnapshot<V1ServiceAccount> BeginSnapshot() => new Snapshot(this);

    /// <summary>ADDED or MODIFIED from the watch: the watch always wins.</summary>
    public void Upsert(V1ServiceAccount account)
    {
        var (key, entry) = Prepare(account);
        lock (writeLock)
        {
            entries[key] = entry;
            Observe(account.Metadata?.ResourceVersion);
            metrics.CacheSize.Set(entries.Count);
        }

        Signal(key, entry);
    }

    /// <summary>DELETED from the watch.</summary>
    public void Remove(V1ServiceAccount account)
    {
        var key = KeyOf(account);
        lock (writeLock)
        {
            entries.TryRemove(key, out _);
            Observe(account.Metadata?.ResourceVersion);
            metrics.CacheSize.Set(entries.Count);
        }
    }

    /// <summary>A bookmark moved the watch forward.</summary>
    public void ObserveResourceVersion(string resourceVersion)
    {
        lock (writeLock)
        {
            Observe(resourceVersion);
        }
    }

    /// <summary>
    /// Puts an account found by a direct read into the cache, only if the watch has not caught up
    /// with it yet: absent, and newer than every version the watch applied. The watch will then
    /// deliver the same object (or its deletion) later and overwrite it. If the watch is already
    /// past that version, the cache's answer stands and the read result is only returned.
    /// </summary>
    public CachedServiceAccount AddFromDirectRead(V1ServiceAccount account)
    {
        var (key, entry) = Prepare(account);
        var found = entry;
        if (!TryParse(account.Metadata?.ResourceVersion, out var version))
        {
            return found;
        }

        lock (writeLock)
        {
            if (appliedVersionKnown && version > appliedVersion && entries.TryAdd(key, entry))
            {
                metrics.CacheSize.Set(entries.Count);
            }
        }

        return found;
    }

    /// <summary>Registers interest in a key; the watch completes the task when the account arrives.</summary>
    public TaskCompletionSource<CachedServiceAccount> GetOrAddWaiter(ServiceAccountKey key) =>
        waiters.GetOrAdd(key, static _ => new TaskCompletionSource<CachedServiceAccount>(TaskCreationOptions.RunContinuationsAsynchronously));

    public void RemoveWaiter(ServiceAccountKey key, TaskCompletionSource<CachedServiceAccount> waiter) =>
        waiters.TryRemove(KeyValuePair.Create(key, waiter));

    private (ServiceAccountKey Key, CachedServiceAccount Entry) Prepare(V1ServiceAccount account)
    {
        var trimmed = trimmer.Trim(account);
        return (new ServiceAccountKey(trimmed.Namespace, trimmed.Name), trimmed);
    }

    private static ServiceAccountKey KeyOf(V1ServiceAccount account) =>
        new(account.Metadata?.NamespaceProperty ?? "", account.Metadata?.Name ?? "");

    private void Signal(ServiceAccountKey key, CachedServiceAccount entry)
    {
        if (!waiters.IsEmpty && waiters.TryRemove(key, out var waiter))
        {
            waiter.TrySetResult(entry);
        }
    }

    private void Observe(string? resourceVersion)
    {
        if (TryParse(resourceVersion, out var version))
        {
            if (!appliedVersionKnown || version > appliedVersion)
            {
                appliedVersion = version;
                appliedVersionKnown = true;
            }
        }
        else if (!string.IsNullOrEmpty(resourceVersion))
        {
            // Not an etcd revision: versions cannot be compared, so direct reads stay out of the cache.
            appliedVersionKnown = false;
        }
    }

    private static bool TryParse(string? resourceVersion, out ulong version) =>
        ulong.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out version);

    private sealed class Snapshot(ServiceAccountStore store) : IInformerSnapshot<V1ServiceAccount>
    {
        private readonly ConcurrentDictionary<ServiceAccountKey, CachedServiceAccount> next = new();

        public void Add(V1ServiceAccount resource)
        {
            var (key, entry) = store.Prepare(resource);
            next[key] = entry;
        }

        public void Commit(string resourceVersion)
        {
            lock (store.writeLock)
            {
                store.entries = next;

                // A relist starts the version history afresh (it may even go backwards after an etcd restore).
                store.appliedVersionKnown = false;
                store.Observe(resourceVersion);
                store.ready = true;
                store.metrics.CacheSize.Set(next.Count);
            }

            foreach (var key in store.waiters.Keys)
            {
                if (next.TryGetValue(key, out var entry))
                {
                    store.Signal(key, entry);
                }
            }
        }
    }
}
