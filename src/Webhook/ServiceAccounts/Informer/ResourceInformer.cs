using System.Diagnostics;
using System.Net;
using k8s;
using k8s.Autorest;

namespace PodIdentity.Webhook.ServiceAccounts.Informer;

/// <summary>
/// A reusable list+watch loop in the style of client-go's reflector: a paged list, then a watch
/// from the list's resourceVersion with bookmarks; reopen from the last seen resourceVersion when
/// the server closes the stream; relist on 410 Gone; jittered exponential backoff on failures; a
/// watchdog that cancels a watch silent for too long. Subclasses say how to list and watch one
/// kind and where the objects go.
/// </summary>
public abstract class ResourceInformer<TResource> : BackgroundService
    where TResource : class, IWatchedObject
{
    private readonly InformerSettings settings;
    private readonly ILogger logger;
    private readonly string resource;
    private readonly JitteredBackoff backoff;
    private string? resourceVersion;
    private int consecutiveGone;
    private volatile bool ready;

    protected ResourceInformer(string resource, InformerSettings settings, ILogger logger)
    {
        this.resource = resource;
        this.settings = settings;
        this.logger = logger;
        backoff = new JitteredBackoff(settings.BackoffInitial, settings.BackoffMax);
    }

    /// <summary>Lists at least this long are followed by one compacting collection.</summary>
    internal const int CompactAfterListOf = 5000;

    /// <summary>True once the first full list has been committed; stays true while the API server is away.</summary>
    public bool IsReady => ready;

    /// <summary>The resourceVersion the next watch starts from (last event, bookmark or list).</summary>
    public string? ResourceVersion => Volatile.Read(ref resourceVersion);

    /// <summary>One page of a full list: <c>limit</c> and <c>continue</c>, no resourceVersion (a consistent read).</summary>
    protected abstract Task<ListPage<TResource>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// A watch request: <c>watch=true</c>, <c>resourceVersion</c>, <c>allowWatchBookmarks=true</c>,
    /// <c>timeoutSeconds</c>; ERROR events (a Status) and unreadable lines go to <paramref name="onError"/>.
    /// </summary>
    protected abstract IAsyncEnumerable<(WatchEventType Type, TResource? Item)> WatchAsync(
        string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken);

    /// <summary>Starts collecting a full list; committed only when every page has arrived.</summary>
    protected abstract IInformerSnapshot<TResource> BeginSnapshot();

    /// <summary>An ADDED, MODIFIED or DELETED event, in order.</summary>
    protected abstract void OnWatchEvent(WatchEventType type, TResource item);

    /// <summary>A bookmark (or any event) advanced the resourceVersion.</summary>
    protected virtual void OnResourceVersion(string resourceVersion)
    {
    }

    /// <summary>A watch ended and is about to be reopened (or a relist follows for <see cref="WatchEndReason.Gone"/>).</summary>
    protected virtual void OnWatchEnded(WatchEndReason reason)
    {
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Yield at once so host start-up is not held by the first list.
        await Task.Yield();
        var needsList = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (needsList)
                {
                    await ListAllAsync(stoppingToken).ConfigureAwait(false);
                    needsList = false;
                }

                var (reason, delay) = await WatchOnceAsync(stoppingToken).ConfigureAwait(false);
                OnWatchEnded(reason);
                needsList = reason == WatchEndReason.Gone;
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A failed list (the watch handles its own failures): keep the last good store and retry.
                var delay = backoff.Next();
                InformerLog.ListFailed(logger, resource, InformerLog.Reason(e), (long)delay.TotalMilliseconds);
                InformerLog.ListFailedDetail(logger, e, resource);
                try
                {
                    await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        InformerLog.Stopped(logger, resource);
    }

    private async Task ListAllAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var snapshot = BeginSnapshot();
        string? continueToken = null;
        string? listVersion = null;
        int pages = 0, count = 0;
        do
        {
            var list = await ListAsync(continueToken, settings.PageSize, cancellationToken).ConfigureAwait(false);
            pages++;
            foreach (var item in list.Items)
            {
                snapshot.Add(item);
                count++;
            }

            listVersion = list.ResourceVersion;
            continueToken = list.Continue;
        }
        while (!string.IsNullOrEmpty(continueToken));

        if (string.IsNullOrEmpty(listVersion))
        {
            throw new InvalidOperationException($"The {resource} list carried no metadata.resourceVersion; cannot start a watch from it.");
        }

        snapshot.Commit(listVersion);
        Volatile.Write(ref resourceVersion, listVersion);
        OnResourceVersion(listVersion);
        ready = true;
        backoff.Reset();
        InformerLog.Listed(logger, resource, count, pages, listVersion, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (count >= CompactAfterListOf)
        {
            // A large list is a one-off burst of garbage (every page's JSON and objects) next to a
            // long-lived store; without this the process keeps that peak for a long time. Rare (start-up
            // and relists after 410), off the request path, and a few milliseconds for 50,000 items.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }

    /// <summary>One watch request, until the server closes it, it fails, it is gone, or the watchdog fires.</summary>
    private async Task<(WatchEndReason Reason, TimeSpan Delay)> WatchOnceAsync(CancellationToken stoppingToken)
    {
        var from = ResourceVersion!;
        using var watchCts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Exception? failure = null;
        var events = 0;
        var started = Stopwatch.GetTimestamp();

        void OnError(Exception e)
        {
            // An ERROR event (a Status, e.g. 410 Expired) or an unreadable line: the stream can no
            // longer be trusted to be complete. End this watch; the loop decides between reopen and relist.
            failure ??= e;
            watchCts.Cancel();
        }

        InformerLog.WatchOpening(logger, resource, from);

        // The watchdog: armed before the request (an API server that accepts the connection but never
        // answers is as silent as an idle stream) and re-armed by every event, bookmarks included.
        watchCts.CancelAfter(settings.SilenceLimit);
        try
        {
            var timeoutSeconds = (int)Math.Max(1, settings.WatchTimeout.TotalSeconds);
            await foreach (var (type, item) in WatchAsync(from, timeoutSeconds, OnError, watchCts.Token).ConfigureAwait(false))
            {
                watchCts.CancelAfter(settings.SilenceLimit);
                events++;
                var version = item?.ResourceVersion;
                switch (type)
                {
                    case WatchEventType.Bookmark:
                        InformerLog.Bookmark(logger, resource, version ?? "");
                        break;
                    case WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted when item is not null:
                        InformerLog.Event(logger, resource, type, item.Namespace, item.Name, version);
                        OnWatchEvent(type, item);
                        break;
                    default:
                        throw new InvalidOperationException($"Unexpected {type} watch event without a Status object.");
                }

                if (!string.IsNullOrEmpty(version))
                {
                    Volatile.Write(ref resourceVersion, version);
                    OnResourceVersion(version);
                }
            }

            if (failure is null)
            {
                return Closed(events, started);
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested && failure is null && watchCts.IsCancellationRequested)
        {
            consecutiveGone = 0;
            InformerLog.WatchSilent(logger, resource, settings.SilenceLimit, ResourceVersion ?? "");
            return (WatchEndReason.Silent, TimeSpan.Zero);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested && failure is not null)
        {
            // Cancelled by OnError: classified below.
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            failure ??= e;
        }

        if (IsGone(failure!))
        {
            // Relist at once; only a server that keeps answering 410 to fresh lists is slowed down.
            InformerLog.WatchGone(logger, resource, from);
            consecutiveGone = events == 0 ? consecutiveGone + 1 : 1;
            return (WatchEndReason.Gone, consecutiveGone > 1 ? backoff.Next() : TimeSpan.Zero);
        }

        consecutiveGone = 0;
        if (events > 0)
        {
            backoff.Reset();
        }

        var delay = backoff.Next();
        InformerLog.WatchFailed(logger, resource, ResourceVersion ?? "", InformerLog.Reason(failure!), (long)delay.TotalMilliseconds);
        InformerLog.WatchFailedDetail(logger, failure!, resource);
        return (WatchEndReason.Error, delay);
    }

    private (WatchEndReason, TimeSpan) Closed(int events, long started)
    {
        consecutiveGone = 0;
        InformerLog.WatchClosed(logger, resource, events, ResourceVersion ?? "");

        // A normal close after a useful watch reopens at once; a server that closes every watch
        // immediately without sending anything is slowed down by the backoff.
        if (events > 0 || Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(1))
        {
            backoff.Reset();
            return (WatchEndReason.Closed, TimeSpan.Zero);
        }

        return (WatchEndReason.Closed, backoff.Next());
    }

    private static bool IsGone(Exception e) => e switch
    {
        KubernetesException { Status.Code: (int)HttpStatusCode.Gone } => true,
        KubernetesException { Status.Reason: "Expired" or "Gone" } => true,
        HttpOperationException { Response.StatusCode: HttpStatusCode.Gone } => true,
        _ => false,
    };
}
