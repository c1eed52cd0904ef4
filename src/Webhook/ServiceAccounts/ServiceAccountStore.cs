using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using k8s.Models;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.ServiceAccounts;
using PodIdentity.Webhook.Observability;
using PodIdentity.Webhook.ServiceAccounts.Informer;

namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>
/// The cached ServiceAccounts, each prepared once by <see cref="PodMutator.Prepare(string, string, IEnumerable{KeyValuePair{string, string}}?)"/>
/// when it arrives (list page, watch event, direct read). Those an enabled provider reads are kept by name; the others,
/// most of a large cluster, all share the mutator's one unannotated instance and are kept only as a 64-bit hash of
/// namespace and name (about 20 bytes, against about 90 for a dictionary entry and the name string). Reads and writes
/// take one lock, held for a single set operation; a relist builds its sets aside and swaps them in. A lookup that
/// missed can wait for a key: the watch completes its waiter.
/// </summary>
internal sealed class ServiceAccountStore(PodMutator mutator, WebhookMetrics metrics)
{
    /// <summary>
    /// Random per process, so nobody can choose ServiceAccount names whose hashes collide. A collision between a
    /// ServiceAccount the cache has not seen yet and an unannotated one (odds about n / 2^64) would admit a pod of the
    /// former unchanged: it is never given another ServiceAccount's identity, as those are kept by name.
    /// </summary>
    private static readonly long HashSeed = Random.Shared.NextInt64();

    private readonly WebhookMetrics metrics = metrics;
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<ServiceAccountKey, TaskCompletionSource<PreparedServiceAccount>> waiters = new();
    private Dictionary<ServiceAccountKey, PreparedServiceAccount> read = [];
    private HashSet<ulong> unread = [];
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
                return read.Count + unread.Count;
            }
        }
    }

    public bool TryGet(ServiceAccountKey key, out PreparedServiceAccount account)
    {
        var hash = HashOf(key);
        lock (gate)
        {
            if (read.TryGetValue(key, out account!))
            {
                return true;
            }

            account = mutator.Unannotated;
            return unread.Contains(hash);
        }
    }

    public IInformerSnapshot<ServiceAccountObject> BeginSnapshot() => new Snapshot(this);

    /// <summary>ADDED or MODIFIED from the watch: the watch always wins.</summary>
    public void Upsert(ServiceAccountObject account)
    {
        var key = KeyOf(account);
        var prepared = Prepare(key, account.Annotations);
        var hash = HashOf(key);
        lock (gate)
        {
            Put(read, unread, key, hash, prepared);
            Observe(account.ResourceVersion);
            metrics.CacheSize.Set(read.Count + unread.Count);
        }

        Signal(key, prepared);
    }

    /// <summary>DELETED from the watch.</summary>
    public void Remove(ServiceAccountObject account)
    {
        var key = KeyOf(account);
        var hash = HashOf(key);
        lock (gate)
        {
            if (!read.Remove(key))
            {
                unread.Remove(hash);
            }

            Observe(account.ResourceVersion);
            metrics.CacheSize.Set(read.Count + unread.Count);
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

        var hash = HashOf(key);
        lock (gate)
        {
            if (appliedVersionKnown && version > appliedVersion && !read.ContainsKey(key) && !unread.Contains(hash))
            {
                Put(read, unread, key, hash, prepared);
                metrics.CacheSize.Set(read.Count + unread.Count);
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

    /// <summary>Kept by name if a provider reads it, else by hash; out of the other set either way.</summary>
    private static void Put(Dictionary<ServiceAccountKey, PreparedServiceAccount> read, HashSet<ulong> unread, ServiceAccountKey key, ulong hash, PreparedServiceAccount prepared)
    {
        if (prepared.IsReadByProvider)
        {
            read[key] = prepared;
            unread.Remove(hash);
        }
        else
        {
            read.Remove(key);
            unread.Add(hash);
        }
    }

    private static ulong HashOf(ServiceAccountKey key) =>
        XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key.Name.AsSpan()), (long)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key.Namespace.AsSpan()), HashSeed));

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

    /// <summary>A relist fills new sets and swaps them in on commit.</summary>
    private sealed class Snapshot(ServiceAccountStore store) : IInformerSnapshot<ServiceAccountObject>
    {
        private readonly Dictionary<ServiceAccountKey, PreparedServiceAccount> read = [];
        private readonly HashSet<ulong> unread = [];

        public void Add(ServiceAccountObject resource)
        {
            var key = KeyOf(resource);
            Put(read, unread, key, HashOf(key), store.Prepare(key, resource.Annotations));
        }

        public void Commit(string resourceVersion)
        {
            // Doubling left up to half of each table empty; an eighth to spare lets the watch's additions fit at once.
            read.TrimExcess(read.Count + (read.Count / 8));
            unread.TrimExcess(unread.Count + (unread.Count / 8));
            lock (store.gate)
            {
                store.read = read;
                store.unread = unread;

                // A relist starts the version history afresh (it may even go backwards after an etcd restore).
                store.appliedVersionKnown = false;
                store.Observe(resourceVersion);
                store.ready = true;
                store.metrics.CacheSize.Set(read.Count + unread.Count);
            }

            foreach (var key in store.waiters.Keys)
            {
                if (store.TryGet(key, out var entry))
                {
                    store.Signal(key, entry);
                }
            }
        }
    }
}
