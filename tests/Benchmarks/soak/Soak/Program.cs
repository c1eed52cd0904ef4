using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using PodIdentity.Benchmarks.Soak;
using PodIdentity.Webhook.Tests.FakeApiServer;

// Soak: the webhook as its own process (cluster mode, TLS) against the fake API server, an open-loop
// load at a fixed rate with ServiceAccount churn and periodic watch drops; latency percentiles,
// errors and the webhook's RSS per window; at the end every churned ServiceAccount is reviewed once
// more to prove the cache converged (nothing lost). Not a test: run by run-soak.sh.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length ? args[p.i + 1] : "", StringComparer.Ordinal);
var webhook = options.GetValueOrDefault("webhook") ?? throw new ArgumentException("--webhook <PodIdentity.Webhook binary or .dll> is required");
if (options.TryGetValue("idle", out var idle))
{
    // The idle-connection measurement (run-idle-connections.sh) instead of the soak.
    return await IdleConnections.RunAsync(webhook, options.GetValueOrDefault("root", "."), int.Parse(idle, CultureInfo.InvariantCulture),
        options.GetValueOrDefault("caps", "0,1000").Split(','), options.GetValueOrDefault("out") ?? Directory.CreateTempSubdirectory("idle-").FullName);
}

var duration = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("seconds", "600"), CultureInfo.InvariantCulture));
var rate = int.Parse(options.GetValueOrDefault("rate", "500"), CultureInfo.InvariantCulture);
var window = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("window", "60"), CultureInfo.InvariantCulture));
var warmUp = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("warmup", "20"), CultureInfo.InvariantCulture));
var output = options.GetValueOrDefault("out") ?? Directory.CreateTempSubdirectory("soak-").FullName;
Directory.CreateDirectory(output);

const string RoleAnnotation = "eks.amazonaws.com/role-arn";
const int StableNamespaces = 50, StablePerNamespace = 4, ChurnSlots = 500;
static string Arn(string name) => $"arn:aws:iam::111122223333:role/{name}";

await using var api = await FakeApiServer.StartAsync(historyLimit: 5000, seed: fake =>
{
    for (var n = 0; n < StableNamespaces; n++)
    {
        for (var i = 0; i < StablePerNamespace; i++)
        {
            fake.Add($"team-{n}", $"app-{i}", new Dictionary<string, string> { [RoleAnnotation] = Arn($"stable-{n}-{i}") });
        }
    }
});
var kubeconfig = Path.Combine(output, "kubeconfig");
await File.WriteAllTextAsync(kubeconfig, $"""
    apiVersion: v1
    kind: Config
    clusters: [{"{"}name: fake, cluster: {"{"}server: "{api.Url}"{"}"}{"}"}]
    users: [{"{"}name: webhook, user: {"{"}token: soak{"}"}{"}"}]
    contexts: [{"{"}name: fake, context: {"{"}cluster: fake, user: webhook{"}"}{"}"}]
    current-context: fake
    """);
using var certificates = new SoakCertificates(Path.Combine(output, "tls"));

int port;
using (var probe = new TcpListener(IPAddress.Loopback, 0))
{
    probe.Start();
    port = ((IPEndPoint)probe.LocalEndpoint).Port;
}

var start = new ProcessStartInfo(webhook.EndsWith(".dll", StringComparison.Ordinal) ? "dotnet" : webhook)
{
    RedirectStandardOutput = true,
    RedirectStandardError = true,
    UseShellExecute = false,
};
if (webhook.EndsWith(".dll", StringComparison.Ordinal))
{
    start.ArgumentList.Add(webhook);
}

foreach (var arg in new[]
{
    "serve", "--urls", $"https://127.0.0.1:{port}", "--Server:MetricsPort", "0",
    "--Tls:CertDirectory", Path.Combine(output, "tls"), "--ServiceAccountCache:Kubeconfig", kubeconfig, "--Logging:Format", "json",
})
{
    start.ArgumentList.Add(arg);
}

using var process = Process.Start(start)!;
var log = File.CreateText(Path.Combine(output, "webhook.log"));
var pumps = new[] { process.StandardOutput.BaseStream.CopyToAsync(log.BaseStream), process.StandardError.BaseStream.CopyToAsync(log.BaseStream) };
try
{
    var trusted = certificates.Ca;
    using var handler = new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 64,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(trusted);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            },
        },
    };
    using var http = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    var ready = Stopwatch.StartNew();
    while (true)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                break;
            }
        }
        catch (HttpRequestException)
        {
        }

        if (process.HasExited || ready.Elapsed > TimeSpan.FromSeconds(90))
        {
            throw new InvalidOperationException($"the webhook did not become ready; see {Path.Combine(output, "webhook.log")}");
        }

        await Task.Delay(200);
    }

    var rssAtReady = Rss(process.Id);
    var latencies = new LatencyWindow();

    // Reviews of churned ServiceAccounts include those that do not exist at that moment: they wait out
    // the 200 ms grace period and a direct read by design, so their latencies are reported apart.
    var churnLatencies = new LatencyWindow();
    var churn = new Dictionary<int, string?>(); // slot → current role name, null when deleted
    var churnGate = new Lock();
    long churnOps = 0, watchDrops = 0, uid = 0, stableChecked = 0, churnReviews = 0;
    using var inFlight = new SemaphoreSlim(512);

    async Task ReviewAsync(bool measured)
    {
        var n = Random.Shared.Next(StableNamespaces);
        var i = Random.Shared.Next(StablePerNamespace);
        var stable = Random.Shared.NextDouble() < 0.8;
        var (ns, name) = stable ? ($"team-{n}", $"app-{i}") : ("churn", $"sa-{Random.Shared.Next(ChurnSlots)}");
        var body = ReviewBody($"soak-{Interlocked.Increment(ref uid)}", ns, name);
        var timer = Stopwatch.StartNew();
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri("/mutate?timeout=10s", UriKind.Relative), content);
            var text = await response.Content.ReadAsStringAsync();
            var elapsed = timer.Elapsed;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                latencies.Error($"HTTP {(int)response.StatusCode}");
                return;
            }

            var (allowed, patch) = Answer(text);
            if (!allowed)
            {
                latencies.Error("denied");
                return;
            }

            if (stable)
            {
                Interlocked.Increment(ref stableChecked);
                if (!patch.Contains(Arn($"stable-{n}-{i}"), StringComparison.Ordinal))
                {
                    latencies.Error("stable ServiceAccount not injected with its role");
                    return;
                }
            }
            else
            {
                Interlocked.Increment(ref churnReviews);
            }

            if (measured)
            {
                (stable ? latencies : churnLatencies).Record((long)elapsed.TotalMicroseconds);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            latencies.Error(e.GetType().Name);
        }
        finally
        {
            inFlight.Release();
        }
    }

    async Task LoadAsync(TimeSpan length, bool measured, Action? onWindow)
    {
        var clock = Stopwatch.StartNew();
        long sent = 0;
        var nextWindow = window;
        var tasks = new List<Task>();
        while (clock.Elapsed < length)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * rate);
            for (; sent < due; sent++)
            {
                if (!inFlight.Wait(0))
                {
                    latencies.Error("client saturated (512 reviews in flight)");
                    continue;
                }

                tasks.Add(ReviewAsync(measured));
            }

            tasks.RemoveAll(t => t.IsCompleted);
            if (clock.Elapsed >= nextWindow)
            {
                onWindow?.Invoke();
                nextWindow += window;
            }

            await Task.Delay(5);
        }

        await Task.WhenAll(tasks);
    }

    using var stopChurn = new CancellationTokenSource();
    var churnTask = Task.Run(async () =>
    {
        var version = 0;
        var lastDrop = Stopwatch.StartNew();
        while (!stopChurn.IsCancellationRequested)
        {
            var slot = Random.Shared.Next(ChurnSlots);
            lock (churnGate)
            {
                var exists = churn.GetValueOrDefault(slot) is not null;
                var roll = Random.Shared.Next(3);
                if (!exists)
                {
                    var role = $"churn-{slot}-v{++version}";
                    api.Add("churn", $"sa-{slot}", new Dictionary<string, string> { [RoleAnnotation] = Arn(role) });
                    churn[slot] = role;
                }
                else if (roll == 0)
                {
                    api.Delete("churn", $"sa-{slot}");
                    churn[slot] = null;
                }
                else
                {
                    var role = $"churn-{slot}-v{++version}";
                    api.Update("churn", $"sa-{slot}", new Dictionary<string, string> { [RoleAnnotation] = Arn(role) });
                    churn[slot] = role;
                }
            }

            Interlocked.Increment(ref churnOps);
            if (lastDrop.Elapsed > TimeSpan.FromMinutes(2))
            {
                // A fault the informer must survive: every open watch is cut; it reopens from its resourceVersion.
                api.DropWatches();
                Interlocked.Increment(ref watchDrops);
                lastDrop.Restart();
            }

            try
            {
                await Task.Delay(50, stopChurn.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    });

    Console.WriteLine($"webhook pid {process.Id} on https://127.0.0.1:{port}; RSS at ready {rssAtReady:F1} MB; warm-up {warmUp.TotalSeconds:F0} s at {rate}/s");
    await LoadAsync(warmUp, measured: false, onWindow: null);
    latencies.Roll();
    churnLatencies.Roll();
    var rssStart = Rss(process.Id);
    var samples = new List<(double Minutes, double RssMb)> { (0, rssStart) };
    var run = Stopwatch.StartNew();
    Console.WriteLine($"measuring {duration.TotalMinutes:F1} min at {rate} reviews/s; RSS at start {rssStart:F1} MB");
    Console.WriteLine("   t  reviews   rate/s  p50 ms  p99 ms  churned-SA p99 ms  errors  RSS MB  churn ops");
    void Report()
    {
        var (stableCount, p50, p99, errors) = latencies.Roll();
        var (churnCount, _, churnP99, _) = churnLatencies.Roll();
        var count = stableCount + churnCount;
        var rss = Rss(process.Id);
        samples.Add((run.Elapsed.TotalMinutes, rss));
        Console.WriteLine($"{run.Elapsed.TotalMinutes,4:F1} {count,8} {count / window.TotalSeconds,8:F0} {p50,7:F2} {p99,7:F2} {churnP99,18:F2} {errors,7} {rss,7:F1} {Interlocked.Read(ref churnOps),10}");
    }

    await LoadAsync(duration, measured: true, Report);
    var elapsed = run.Elapsed;
    stopChurn.Cancel();
    await churnTask;
    var rssEnd = Rss(process.Id);

    // Converged: once churn stops, every churned ServiceAccount's review carries its latest role, and
    // deleted ones carry none.
    await Task.Delay(TimeSpan.FromSeconds(2));
    int converged = 0, diverged = 0;
    Dictionary<int, string?> final;
    lock (churnGate)
    {
        final = new Dictionary<int, string?>(churn);
    }

    foreach (var (slot, role) in final)
    {
        using var content = new StringContent(ReviewBody($"final-{slot}", "churn", $"sa-{slot}"), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/mutate?timeout=10s", UriKind.Relative), content);
        var (allowed, patch) = Answer(await response.Content.ReadAsStringAsync());
        var ok = allowed && (role is null ? !patch.Contains("AWS_ROLE_ARN", StringComparison.Ordinal) : patch.Contains($"\"{Arn(role)}\"", StringComparison.Ordinal));
        if (ok)
        {
            converged++;
        }
        else
        {
            diverged++;
        }
    }

    var total = latencies.Total();
    var churnTotal = churnLatencies.Total();
    var (slope, _) = Trend(samples.Skip(1).ToList());
    Console.WriteLine();
    var measuredCount = total.Count + churnTotal.Count;
    Console.WriteLine($"soak: {elapsed.TotalMinutes:F1} min, {measuredCount} reviews measured ({measuredCount / elapsed.TotalSeconds:F0}/s, target {rate}/s) + {warmUp.TotalSeconds:F0} s warm-up");
    Console.WriteLine($"latency, ServiceAccounts in the cache ({total.Count}): p50 {total.P50:F2} ms, p99 {total.P99:F2} ms, max {total.Max:F1} ms");
    Console.WriteLine($"latency, churned ServiceAccounts ({churnTotal.Count}; absent ones wait the 200 ms grace period by design): p50 {churnTotal.P50:F2} ms, p99 {churnTotal.P99:F2} ms, max {churnTotal.Max:F1} ms");
    Console.WriteLine($"errors: {total.Errors} ({total.Kinds}); stable-ServiceAccount reviews checked for their exact role: {stableChecked}; churned-ServiceAccount reviews: {churnReviews}");
    Console.WriteLine($"churn: {churnOps} ServiceAccount adds/updates/deletes, {watchDrops} forced watch drops; after churn stopped {converged} of {final.Count} churned ServiceAccounts reviewed with their latest state ({diverged} diverged)");
    Console.WriteLine($"RSS: {rssAtReady:F1} MB at ready, {rssStart:F1} MB at start, {rssEnd:F1} MB at end; trend {slope * 10:+0.0;-0.0} MB per 10 min (least squares over the {samples.Count - 1} window samples)");
    Console.WriteLine($"webhook log: {Path.Combine(output, "webhook.log")}");
    return total.Errors == 0 && diverged == 0 ? 0 : 1;
}
finally
{
    if (!process.HasExited)
    {
        process.Kill();
        await process.WaitForExitAsync();
    }

    await Task.WhenAll(pumps).ContinueWith(_ => { });
    await log.DisposeAsync();
}

static string ReviewBody(string uid, string ns, string serviceAccount) =>
    "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"" + uid +
    "\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"pods\"},\"namespace\":\"" + ns +
    "\",\"operation\":\"CREATE\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"generateName\":\"web-\",\"namespace\":\"" + ns +
    "\"},\"spec\":{\"serviceAccountName\":\"" + serviceAccount +
    "\",\"containers\":[{\"name\":\"app\",\"image\":\"busybox\"},{\"name\":\"sidecar\",\"image\":\"busybox\"}]}}}}";

static (bool Allowed, string Patch) Answer(string text)
{
    using var document = JsonDocument.Parse(text);
    var response = document.RootElement.GetProperty("response");
    var allowed = response.GetProperty("allowed").GetBoolean();
    var patch = response.TryGetProperty("patch", out var p) && p.GetString() is { } encoded ? Encoding.UTF8.GetString(Convert.FromBase64String(encoded)) : "";
    return (allowed, patch);
}

static double Rss(int pid) => ProcRss.Megabytes(pid);

static (double SlopePerMinute, double Intercept) Trend(List<(double X, double Y)> points)
{
    if (points.Count < 2)
    {
        return (0, points.Count == 1 ? points[0].Y : 0);
    }

    var mx = points.Average(p => p.X);
    var my = points.Average(p => p.Y);
    var sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
    var slope = sxx == 0 ? 0 : points.Sum(p => (p.X - mx) * (p.Y - my)) / sxx;
    return (slope, my - (slope * mx));
}
