using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using k8s;
using PodIdentity.Benchmarks.CacheMemory;
using PodIdentity.Core.ServiceAccounts;
using PodIdentity.Webhook.Mutation;
using PodIdentity.Webhook.Observability;
using PodIdentity.Webhook.ServiceAccounts;
using PodIdentity.Webhook.Tests.FakeApiServer;

// serve <count> <url-file>: two fake API servers (empty, and <count> ServiceAccounts); writes both URLs.
// measure <empty-url> <full-url>: RSS and managed heap with an empty cache, then with the full one.
return args switch
{
    ["serve", var count, var urlFile] => await Serve(int.Parse(count, CultureInfo.InvariantCulture), urlFile),
    ["measure", var emptyUrl, var fullUrl] => await Measure(emptyUrl, fullUrl),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: serve <count> <url-file> | measure <empty-url> <full-url>");
    return 2;
}

static async Task<int> Serve(int count, string urlFile)
{
    await using var empty = await FakeApiServer.StartAsync();
    await using var full = await FakeApiServer.StartAsync(historyLimit: 1000, seed: f => Population.Seed(f, count));
    await File.WriteAllTextAsync(urlFile + ".tmp", $"{empty.Url} {full.Url}\n");
    File.Move(urlFile + ".tmp", urlFile, overwrite: true);
    Console.Error.WriteLine($"fake API servers: empty {empty.Url}, {count} ServiceAccounts {full.Url}");

    // Until the script sends SIGTERM (or Ctrl+C). The fakes' own hosts also react to the signal
    // by stopping Kestrel; this registration makes the process itself end too.
    using var stop = new CancellationTokenSource();
    using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
    using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
    }

    return 0;
}

static async Task<int> Measure(string emptyUrl, string fullUrl)
{
    Console.WriteLine($"GC: {(GCSettings.IsServerGC ? "Server" : "Workstation")}, latency mode={GCSettings.LatencyMode}, cores={Environment.ProcessorCount}, heap hard limit={Env("DOTNET_GCHeapHardLimit")}, conserve={Env("DOTNET_GCConserveMemory")}");

    var baseline = await Run(emptyUrl, "empty cache");
    var loaded = await Run(fullUrl, "full cache");

    Console.WriteLine();
    Console.WriteLine($"{"",-14}{"cached",8}{"RSS MB",9}{"peak MB",9}{"anon MB",9}{"file MB",9}{"managed MB",12}{"GC commit MB",14}{"ready s",9}");
    foreach (var m in new[] { baseline, loaded })
    {
        Console.WriteLine($"{m.Label,-14}{m.Count,8}{m.RssMb,9:F1}{m.PeakRssMb,9:F1}{m.AnonMb,9:F1}{m.FileMb,9:F1}{m.ManagedMb,12:F1}{m.CommittedMb,14:F1}{m.ReadySeconds,9:F2}");
    }

    Console.WriteLine($"RSS ratio loaded/empty: {loaded.RssMb / baseline.RssMb:F2}x; cache adds {loaded.RssMb - baseline.RssMb:F1} MB RSS, {loaded.ManagedMb - baseline.ManagedMb:F1} MB managed ({(loaded.ManagedMb - baseline.ManagedMb) * 1024 * 1024 / Math.Max(1, loaded.Count):F0} bytes per ServiceAccount)");
    return 0;
}

static async Task<Measurement> Run(string url, string label)
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Services.AddSingleton(new WebhookMetrics(Prometheus.Metrics.NewCustomRegistry()));
    builder.Services.AddSingleton(new KubernetesClientConfiguration { Host = url });
    builder.Services.AddPodMutation();
    builder.Services.AddServiceAccountCache();
    using var host = builder.Build();
    var started = Stopwatch.StartNew();
    await host.StartAsync();
    var lookup = host.Services.GetRequiredService<IServiceAccountLookup>();
    while (lookup is IServiceAccountReadiness { IsReady: false })
    {
        if (started.Elapsed > TimeSpan.FromMinutes(5))
        {
            throw new TimeoutException("the cache did not become ready within 5 minutes");
        }

        await Task.Delay(20);
    }

    var ready = started.Elapsed.TotalSeconds;
    var count = (int)host.Services.GetRequiredService<WebhookMetrics>().CacheSize.Value;

    // A lookup proves the data is usable, and warms the hit path.
    _ = await lookup.FindAsync("ns-0000", "default", CancellationToken.None);
    await Task.Delay(500);
    GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    var managed = GC.GetTotalMemory(forceFullCollection: false) / 1048576.0;
    var heap = GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0;
    var committed = GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0;
    var (rss, peak, anon, file) = ProcStatus.Read();
    var measurement = new Measurement(label, count, rss, peak, anon, file, managed, heap, committed, ready);
    await host.StopAsync();
    return measurement;
}

static string Env(string name) => Environment.GetEnvironmentVariable(name) ?? "unset";

internal sealed record Measurement(string Label, int Count, double RssMb, double PeakRssMb, double AnonMb, double FileMb, double ManagedMb, double HeapMb, double CommittedMb, double ReadySeconds);
