using System.Collections.Concurrent;
using System.Globalization;
using k8s.Models;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.ServiceAccounts;
using PodIdentity.Webhook.Observability;
using PodIdentity.Webhook.ServiceAccounts.Informer;

namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>
/// The cached ServiceAccounts, each prepared once by <see cref="PodMutator.Prepare(string, string, IEnumerable{KeyValuePair{string, string}}?)"/>
/// when it arrives (list page, watch event, direct read). Those no enabled provider reads all share the mutator's one
/// instance, so they cost only their key: one plain dictionary entry and the name (about 100 bytes, against 170 in a
/// ConcurrentDictionary). Reads and writes take one lock, held for a single dictionary operation; a relist builds
/// its dictionary aside and swaps it in. A lookup that missed can wait for a key: the watch completes its waiter.
/// </summary>
internal sealed class ServiceAccountStore(PodMutator mutator, WebhookMetrics metrics)
{
    private readonly WebhookMetrics metrics = metrics;
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<ServiceAccountKey, TaskCompletionSource<PreparedServiceAccount>> waiters = new();
    private Dictionary<ServiceAccountKey, PreparedServiceAccount> entries = [];
    private ulong appliedVersion;
    private bool appliedVersionKnown;
    private volatile bool ready;

    /// <summary>True after the first full list was committed.</summary>
    public bool IsReady => ready;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    public bool TryGet(ServiceAccountKey key, out PreparedServiceAccount account)
    {
        lock (gate)
        {
            return entries.TryGetValue(key, out account!);
        }
    }

    public IInformerSnapshot<ServiceAccountObject> BeginSnapshot() => new Snapshot(this, Count);

    /// <summary>ADDED or MODIFIED from the watch: the watch always wins.</summary>
    public void Upsert(ServiceAccountObject account)
    {
        var key = KeyOf(account);
        var prepared = Prepare(key, account.Annotations);
        lock (gate)
        {
            entries[key] = prepared;
            Observe(account.ResourceVersion);
            metrics.CacheSize.Set(entries.Count);
        }

        Signal(key, prepared);
    }

    /// <summary>DELETED from the watch.</summary>
    public void Remove(ServiceAccountObject account)
    {
        var key = KeyOf(account);
        lock (gate)
        {
            entries.Remove(key);
            Observe(account.ResourceVersion);
            metrics.CacheSize.Set(entries.Count);
        }
    }

    /// <summary>A bookmark moved the watch forward.</summary>
    public void ObserveResourceVersion(string resourceVersion)
    {
        lock (gate)
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
    public PreparedServiceAccount AddFromDirectRead(ServiceAccountKey key, V1ServiceAccount account)
    {
        var prepared = Prepare(key, account.Metadata?.Annotations);
        if (!TryParse(account.Metadata?.ResourceVersion, out var version))
        {
            return prepared;
        }

        lock (gate)
        {
            if (appliedVersionKnown && version > appliedVersion && entries.TryAdd(key, prepared))
            {
                metrics.CacheSize.Set(entries.Count);
            }
        }

        return prepared;
    }

    /// <summary>Registers interest in a key; the watch completes the task when the account arrives.</summary>
    public TaskCompletionSource<PreparedServiceAccount> GetOrAddWaiter(ServiceAccountKey key) =>
        waiters.GetOrAdd(key, static _ => new TaskCompletionSource<PreparedServiceAccount>(TaskCreationOptions.RunContinuationsAsynchronously));

    public void RemoveWaiter(ServiceAccountKey key, TaskCompletionSource<PreparedServiceAccount> waiter) =>
        waiters.TryRemove(KeyValuePair.Create(key, waiter));

    private PreparedServiceAccount Prepare(ServiceAccountKey key, IEnumerable<KeyValuePair<string, string>>? annotations) =>
        mutator.Prepare(key.Namespace, key.Name, annotations);

    private static ServiceAccountKey KeyOf(ServiceAccountObject account) =>
        account.Name.Length > 0
            ? new ServiceAccountKey(account.Namespace, account.Name)
            : throw new ArgumentException($"ServiceAccount in namespace \"{account.Namespace}\" without metadata.name", nameof(account));

    private void Signal(ServiceAccountKey key, PreparedServiceAccount account)
    {
        if (!waiters.IsEmpty && waiters.TryRemove(key, out var waiter))
        {
            waiter.TrySetResult(account);
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

    /// <summary>A relist fills a new dictionary, sized once for the whole list, and swaps it in on commit.</summary>
    private sealed class Snapshot(ServiceAccountStore store, int previousCount) : IInformerSnapshot<ServiceAccountObject>
    {
        private Dictionary<ServiceAccountKey, PreparedServiceAccount>? next;

        public void Expect(int count) => Next(count);

        public void Add(ServiceAccountObject resource)
        {
            var key = KeyOf(resource);
            Next(previousCount)[key] = store.Prepare(key, resource.Annotations);
        }

        public void Commit(string resourceVersion)
        {
            var committed = Next(0);
            lock (store.gate)
            {
                store.entries = committed;

                // A relist starts the version history afresh (it may even go backwards after an etcd restore).
                store.appliedVersionKnown = false;
                store.Observe(resourceVersion);
                store.ready = true;
                store.metrics.CacheSize.Set(committed.Count);
            }

            foreach (var key in store.waiters.Keys)
            {
                if (store.TryGet(key, out var entry))
                {
                    store.Signal(key, entry);
                }
            }
        }

        // An eighth more than expected: the watch's additions after the list fit without doubling the table at once.
        private Dictionary<ServiceAccountKey, PreparedServiceAccount> Next(int expected) =>
            next ??= new Dictionary<ServiceAccountKey, PreparedServiceAccount>(expected + (expected / 8));
    }
}
