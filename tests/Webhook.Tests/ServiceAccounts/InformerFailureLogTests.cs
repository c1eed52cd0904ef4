using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PodIdentity.Webhook.Mutation;
using PodIdentity.Webhook.Observability;
using PodIdentity.Webhook.ServiceAccounts;

namespace PodIdentity.Webhook.Tests.ServiceAccounts;

public sealed class InformerFailureLogTests
{
    [Fact]
    public async Task An_unreachable_API_server_logs_one_line_per_backoff_with_the_stack_trace_only_at_Debug()
    {
        int closedPort;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var logs = new ExceptionCapture();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceAccountCache:ResyncBackoffInitial"] = "00:00:00.020",
            ["ServiceAccountCache:ResyncBackoffMax"] = "00:00:00.100",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton(new WebhookMetrics(Prometheus.Metrics.NewCustomRegistry()));
        builder.Services.AddSingleton(new KubernetesClientConfiguration { Host = $"http://127.0.0.1:{closedPort}" });
        builder.Services.AddPodMutation();
        builder.Services.AddServiceAccountCache();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            await CacheHarness.WaitUntilAsync(() => logs.Entries.Count(e => e.EventId == 2101) >= 3, "three failed lists");
        }
        finally
        {
            await host.StopAsync();
        }

        var failures = logs.Entries.Where(e => e.EventId == 2101).ToList();
        Assert.All(failures, f =>
        {
            Assert.Equal(LogLevel.Warning, f.Level);
            Assert.Null(f.Exception);
            Assert.DoesNotContain('\n', f.Message);
            Assert.Matches(@"informer: list failed \(HttpRequestException: .+\); retrying in \d+ ms", f.Message);
        });

        // The detail, with the exception, is there for Debug and only there.
        Assert.Contains(logs.Entries, e => e.EventId == 2110 && e.Level == LogLevel.Debug && e.Exception is HttpRequestException);
        Assert.All(logs.Entries.Where(e => e.Exception is not null), e => Assert.Equal(LogLevel.Debug, e.Level));
    }

    private sealed record Entry(LogLevel Level, int EventId, string Message, Exception? Exception);

    private sealed class ExceptionCapture : ILoggerProvider
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(ExceptionCapture owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue(new Entry(logLevel, eventId.Id, formatter(state, exception), exception));
        }
    }
}
