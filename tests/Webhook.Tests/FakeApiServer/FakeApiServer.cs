using System.Collections.Concurrent;
using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PodIdentity.Webhook.Tests.FakeApiServer;

/// <summary>
/// An in-process stand-in for kube-apiserver's ServiceAccount endpoints, plain HTTP on 127.0.0.1:
/// <list type="bullet">
/// <item><c>GET /api/v1/serviceaccounts?limit&amp;continue</c>: a paged list served from one snapshot, with metadata.resourceVersion.</item>
/// <item><c>GET /api/v1/serviceaccounts?watch=true&amp;resourceVersion=N&amp;allowWatchBookmarks&amp;timeoutSeconds</c>:
/// newline-delimited events after N from a bounded history; too old → 410 (ERROR event or HTTP, see <see cref="GoneMode"/>).</item>
/// <item><c>GET /api/v1/namespaces/{ns}/serviceaccounts/{name}</c>: the object, or a 404 Status.</item>
/// </list>
/// Test controls change objects (each change bumps the global resourceVersion), drop watches,
/// compact history, pause watch delivery, send bookmarks, fail reads and go down.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private const string ListPath = "/api/v1/serviceaccounts";
    private readonly Lock gate = new();
    private readonly SortedDictionary<(string Namespace, string Name), FakeServiceAccount> objects = [];
    private readonly LinkedList<(long Version, string Line)> history = new();
    private readonly List<FakeWatch> watches = [];
    private readonly Dictionary<string, (long Version, FakeServiceAccount[] Items)> snapshots = [];
    private readonly Queue<string> snapshotOrder = new();
    private readonly ConcurrentQueue<FakeRequest> requests = new();
    private readonly int historyLimit;
    private WebApplication? app;
    private long resourceVersion = 1000;
    private long oldestWatchable = 1000;
    private long uidCounter;
    private volatile bool down;
    private volatile bool failReads;
    private TaskCompletionSource resumed = CompletedSource();

    private FakeApiServer(int historyLimit)
    {
        this.historyLimit = historyLimit;
    }

    public string Url { get; private set; } = "";

    public GoneMode GoneMode { get; set; } = GoneMode.ErrorEvent;

    public long ResourceVersion
    {
        get
        {
            lock (gate)
            {
                return resourceVersion;
            }
        }
    }

    public IReadOnlyList<FakeRequest> Requests => [.. requests];

    public int Count(FakeRequestKind kind) => requests.Count(r => r.Kind == kind);

    public int OpenWatches
    {
        get
        {
            lock (gate)
            {
                return watches.Count;
            }
        }
    }

    public static async Task<FakeApiServer> StartAsync(int historyLimit = 1000, Action<FakeApiServer>? seed = null)
    {
        var server = new FakeApiServer(historyLimit);
        seed?.Invoke(server);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet(ListPath, server.ListOrWatchAsync);
        app.MapGet("/api/v1/namespaces/{ns}/serviceaccounts/{name}", server.GetAsync);
        await app.StartAsync();
        server.app = app;
        server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return server;
    }

    // ---- Test controls --------------------------------------------------------------------

    public FakeServiceAccount Add(string @namespace, string name, IReadOnlyDictionary<string, string>? annotations = null) =>
        Write("ADDED", @namespace, name, annotations, mustExist: false);

    public FakeServiceAccount Update(string @namespace, string name, IReadOnlyDictionary<string, string>? annotations) =>
        Write("MODIFIED", @namespace, name, annotations, mustExist: true);

    public void Delete(string @namespace, string name)
    {
        lock (gate)
        {
            if (!objects.Remove((@namespace, name), out var existing))
            {
                throw new InvalidOperationException($"{@namespace}/{name} does not exist");
            }

            // Like kube-apiserver: the deleted object carries the deletion's resourceVersion.
            var deleted = new FakeServiceAccount(existing.Namespace, existing.Name, existing.Uid, ++resourceVersion, existing.Annotations);
            Publish(deleted.ResourceVersion, Event("DELETED", deleted.ObjectJson));
        }
    }

    /// <summary>Other resources changed: the global resourceVersion moves on with no ServiceAccount event.</summary>
    public long BumpResourceVersion(int by = 1)
    {
        lock (gate)
        {
            resourceVersion += by;
            return resourceVersion;
        }
    }

    /// <summary>A BOOKMARK at the current resourceVersion to every watch that asked for bookmarks.</summary>
    public long SendBookmark()
    {
        lock (gate)
        {
            var line = Event("BOOKMARK", $"{{\"kind\":\"ServiceAccount\",\"apiVersion\":\"v1\",\"metadata\":{{\"resourceVersion\":\"{resourceVersion}\",\"annotations\":{{\"k8s.io/initial-events-end\":\"true\"}}}}}}");
            foreach (var watch in watches.Where(w => w.Bookmarks))
            {
                watch.Lines.Writer.TryWrite(line);
            }

            return resourceVersion;
        }
    }

    /// <summary>Cuts every open watch connection (the client sees a reset, not a clean end).</summary>
    public void DropWatches()
    {
        lock (gate)
        {
            // A copy: cancelling can run the watch handler's finally (which removes it) on this thread, inside this lock.
            foreach (var watch in watches.ToArray())
            {
                watch.Drop();
            }
        }
    }

    /// <summary>Forgets the event history: a watch from any older resourceVersion is now 410 Gone.</summary>
    public void CompactHistory()
    {
        lock (gate)
        {
            history.Clear();
            oldestWatchable = resourceVersion;
        }
    }

    /// <summary>Open watches keep their connection but deliver nothing (events queue up) until <see cref="ResumeWatches"/>.</summary>
    public void PauseWatches()
    {
        lock (gate)
        {
            if (resumed.Task.IsCompleted)
            {
                resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void ResumeWatches()
    {
        lock (gate)
        {
            resumed.TrySetResult();
        }
    }

    /// <summary>Single-object GETs answer 500 while set.</summary>
    public bool FailReads
    {
        get => failReads;
        set => failReads = value;
    }

    /// <summary>Every request answers 503 and open watches are cut, until <see cref="ComeBack"/>.</summary>
    public void GoDown()
    {
        down = true;
        DropWatches();
    }

    public void ComeBack() => down = false;

    public async ValueTask DisposeAsync()
    {
        down = true;
        DropWatches();
        ResumeWatches();
        if (app is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(stop.Token);
            await app.DisposeAsync();
        }
    }

    // ---- Endpoints ------------------------------------------------------------------------

    private async Task ListOrWatchAsync(HttpContext context)
    {
        var watch = context.Request.Query["watch"] is [var w] && (w == "true" || w == "1");
        Record(watch ? FakeRequestKind.Watch : FakeRequestKind.List, context);
        if (down)
        {
            await WriteStatusAsync(context, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "the fake API server is down");
            return;
        }

        if (watch)
        {
            await WatchAsync(context);
        }
        else
        {
            await ListAsync(context);
        }
    }

    private async Task ListAsync(HttpContext context)
    {
        var limit = int.TryParse(context.Request.Query["limit"], CultureInfo.InvariantCulture, out var l) && l > 0 ? l : int.MaxValue;
        var token = context.Request.Query["continue"].ToString();
        long version;
        FakeServiceAccount[] items;
        int offset;
        string id;
        lock (gate)
        {
            if (string.IsNullOrEmpty(token))
            {
                // A consistent read: every page comes from this snapshot, like etcd paging at one revision.
                id = Guid.NewGuid().ToString("N");
                version = resourceVersion;
                items = [.. objects.Values];
                offset = 0;
                snapshots[id] = (version, items);
                snapshotOrder.Enqueue(id);
                while (snapshotOrder.Count > 8)
                {
                    snapshots.Remove(snapshotOrder.Dequeue());
                }
            }
            else
            {
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split(':');
                id = parts[0];
                offset = int.Parse(parts[1], CultureInfo.InvariantCulture);
                if (!snapshots.TryGetValue(id, out var snapshot))
                {
                    items = [];
                    version = 0;
                }
                else
                {
                    (version, items) = snapshot;
                }
            }
        }

        if (version == 0)
        {
            await WriteStatusAsync(context, HttpStatusCode.Gone, "Expired", "The provided continue parameter is too old to display a consistent list result.");
            return;
        }

        var end = (int)Math.Min(items.Length, (long)offset + limit);
        var next = end < items.Length ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{end}")) : null;
        context.Response.ContentType = "application/json";
        var body = context.Response.BodyWriter;
        var head = $"{{\"kind\":\"ServiceAccountList\",\"apiVersion\":\"v1\",\"metadata\":{{\"resourceVersion\":\"{version}\"" +
            (next is null ? "" : $",\"continue\":\"{next}\",\"remainingItemCount\":{items.Length - end}") +
            "},\"items\":[";
        body.Write(Encoding.UTF8.GetBytes(head));
        for (var i = offset; i < end; i++)
        {
            if (i > offset)
            {
                body.Write(","u8);
            }

            body.Write(items[i].ItemUtf8);
            if (body.UnflushedBytes >= 64 * 1024)
            {
                await body.FlushAsync(context.RequestAborted);
            }
        }

        body.Write("]}"u8);
        await body.FlushAsync(context.RequestAborted);
    }

    private async Task WatchAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var bookmarks = query["allowWatchBookmarks"] == "true";
        var timeout = int.TryParse(query["timeoutSeconds"], CultureInfo.InvariantCulture, out var t) && t > 0 ? TimeSpan.FromSeconds(t) : TimeSpan.FromMinutes(30);
        var from = query["resourceVersion"].ToString();
        using var watch = new FakeWatch(bookmarks);
        string? gone = null;
        lock (gate)
        {
            if (string.IsNullOrEmpty(from) || from == "0")
            {
                // "Any version": synthetic ADDED for the current state, then live events.
                foreach (var item in objects.Values)
                {
                    watch.Lines.Writer.TryWrite(Event("ADDED", item.ObjectJson));
                }
            }
            else if (!long.TryParse(from, CultureInfo.InvariantCulture, out var since) || since < oldestWatchable)
            {
                gone = $"too old resource version: {from} ({oldestWatchable})";
            }
            else
            {
                foreach (var (version, line) in history)
                {
                    if (version > since)
                    {
                        watch.Lines.Writer.TryWrite(line);
                    }
                }
            }

            if (gone is null)
            {
                watches.Add(watch);
            }
        }

        if (gone is not null && GoneMode == GoneMode.HttpStatus)
        {
            await WriteStatusAsync(context, HttpStatusCode.Gone, "Expired", gone);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync();
        if (gone is not null)
        {
            await WriteLineAsync(context, Event("ERROR", StatusJson(HttpStatusCode.Gone, "Expired", gone)), context.RequestAborted);
            return;
        }

        using var timeoutCts = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutCts.Token, watch.Dropped, context.RequestAborted);
        try
        {
            await foreach (var line in watch.Lines.Reader.ReadAllAsync(linked.Token))
            {
                Task paused;
                lock (gate)
                {
                    paused = resumed.Task;
                }

                await paused.WaitAsync(linked.Token);
                await WriteLineAsync(context, line, linked.Token);
            }
        }
        catch (OperationCanceledException) when (watch.Dropped.IsCancellationRequested)
        {
            context.Abort();
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested || context.RequestAborted.IsCancellationRequested)
        {
            // Server-side timeout: the stream just ends, as kube-apiserver does.
        }
        finally
        {
            lock (gate)
            {
                watches.Remove(watch);
            }
        }
    }

    private async Task GetAsync(HttpContext context, string ns, string name)
    {
        Record(FakeRequestKind.Get, context);
        if (down)
        {
            await WriteStatusAsync(context, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "the fake API server is down");
            return;
        }

        if (failReads)
        {
            await WriteStatusAsync(context, HttpStatusCode.InternalServerError, "InternalError", "injected read failure");
            return;
        }

        FakeServiceAccount? found;
        lock (gate)
        {
            objects.TryGetValue((ns, name), out found);
        }

        if (found is null)
        {
            await WriteStatusAsync(context, HttpStatusCode.NotFound, "NotFound", $"serviceaccounts \"{name}\" not found");
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(found.ObjectJson);
    }

    // ---- Helpers --------------------------------------------------------------------------

    private FakeServiceAccount Write(string type, string @namespace, string name, IReadOnlyDictionary<string, string>? annotations, bool mustExist)
    {
        lock (gate)
        {
            var exists = objects.TryGetValue((@namespace, name), out var existing);
            if (exists != mustExist)
            {
                throw new InvalidOperationException($"{@namespace}/{name} {(exists ? "already exists" : "does not exist")}");
            }

            var uid = existing?.Uid ?? $"00000000-0000-4000-8000-{++uidCounter:D12}";
            var account = new FakeServiceAccount(@namespace, name, uid, ++resourceVersion, annotations);
            objects[(@namespace, name)] = account;
            Publish(account.ResourceVersion, Event(type, account.ObjectJson));
            return account;
        }
    }

    private void Publish(long version, string line)
    {
        history.AddLast((version, line));
        while (history.Count > historyLimit)
        {
            oldestWatchable = history.First!.Value.Version;
            history.RemoveFirst();
        }

        foreach (var watch in watches)
        {
            watch.Lines.Writer.TryWrite(line);
        }
    }

    private void Record(FakeRequestKind kind, HttpContext context) =>
        requests.Enqueue(new FakeRequest(kind, context.Request.Path, context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString())));

    private static string Event(string type, string objectJson) => $"{{\"type\":\"{type}\",\"object\":{objectJson}}}";

    private static string StatusJson(HttpStatusCode code, string reason, string message) =>
        $"{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{{}},\"status\":\"Failure\",\"message\":{System.Text.Json.JsonSerializer.Serialize(message)},\"reason\":\"{reason}\",\"code\":{(int)code}}}";

    private static async Task WriteStatusAsync(HttpContext context, HttpStatusCode code, string reason, string message)
    {
        context.Response.StatusCode = (int)code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(StatusJson(code, reason, message));
    }

    private static async Task WriteLineAsync(HttpContext context, string line, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync(line + "\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }
}
