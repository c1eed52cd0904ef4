using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PodIdentity.Discovery.Tests.Cli;

/// <summary>The real executable's output when the API server is unreachable or the port is taken.</summary>
public sealed class DiscoveryProcessTests
{
    [Fact]
    public async Task An_unreachable_API_server_gives_one_line_per_retry_and_per_cycle_without_stack_traces()
    {
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"discovery-kubeconfig-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: x
              cluster:
                server: http://127.0.0.1:{ClosedPort()}
            users:
            - name: u
              user:
                token: t
            contexts:
            - name: x
              context:
                cluster: x
                user: u
            current-context: x
            """);
        try
        {
            var output = await RunUntilAsync(
                text => Count(text, "cannot read the issuer documents from the API server") >= 2,
                "serve", "--kubeconfig", kubeconfig, "--Discovery:Issuer", "https://oidc.example.com/c", "--Discovery:Port", "0",
                "--Discovery:Interval", "00:00:01", "--Discovery:PublicUrlCheck", "false",
                "--Discovery:Resilience:RetryAttempts", "1", "--Discovery:Resilience:RetryDelay", "00:00:00.050");

            // Stdout is redirected: every line is compact JSON in the webhook's schema (@t, @mt,
            // EventId {Id, Name}, SourceContext), none with an exception (stack trace, @x).
            var events = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JsonLine).ToList();
            Assert.All(events, e =>
            {
                Assert.True(e.TryGetProperty("@t", out _), e.ToString());
                Assert.True(e.TryGetProperty("@mt", out _), e.ToString());
                Assert.False(e.TryGetProperty("@m", out _), e.ToString());
                Assert.False(e.TryGetProperty("@x", out _), e.ToString());
            });
            var retries = events.Where(e => EventId(e) == 1013).ToList();
            Assert.True(retries.Count(e => e.GetProperty("Attempt").GetInt32() == 1) >= 2, output);
            Assert.All(retries, e =>
            {
                Assert.Equal("{Pipeline}: attempt {Attempt} failed ({Reason}); retrying in {DelayMs} ms", e.GetProperty("@mt").GetString());
                Assert.Equal("Warning", e.GetProperty("@l").GetString());
                Assert.Equal("RetryScheduled", e.GetProperty("EventId").GetProperty("Name").GetString());
                Assert.StartsWith("PodIdentity.Discovery.", e.GetProperty("SourceContext").GetString(), StringComparison.Ordinal);
            });
            Assert.True(events.Count(e => EventId(e) == 1001) >= 2, output);
            Assert.DoesNotContain("Execution attempt", output, StringComparison.Ordinal); // Polly's telemetry
            Assert.DoesNotContain("Resilience pipeline executed", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public async Task A_busy_port_is_one_line_naming_the_address_and_the_key()
    {
        using var taken = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
        taken.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var (exit, stderr) = await RunToExitAsync("serve", "--kubeconfig", "/nonexistent", "--Discovery:Issuer", "https://oidc.example.com/c", "--Discovery:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($":{port}", line, StringComparison.Ordinal);
        Assert.Contains("--Discovery:Port <port>", line, StringComparison.Ordinal);
    }

    private static System.Text.Json.JsonElement JsonLine(string line)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            return json.RootElement.Clone();
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"not a JSON line ({e.Message}): {line}");
        }
    }

    private static int? EventId(System.Text.Json.JsonElement line) =>
        line.TryGetProperty("EventId", out var id) ? id.GetProperty("Id").GetInt32() : null;

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static Process Start(string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PodIdentity.Discovery.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    /// <summary>Runs until <paramref name="done"/> holds for stdout+stderr (at most 60 s), then kills the process.</summary>
    private static async Task<string> RunUntilAsync(Func<string, bool> done, params string[] args)
    {
        using var process = Start(args);
        var text = new StringBuilder();
        void Append(object _, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (text)
                {
                    text.AppendLine(e.Data);
                }
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        try
        {
            while (true)
            {
                string snapshot;
                lock (text)
                {
                    snapshot = text.ToString();
                }

                if (done(snapshot) || process.HasExited)
                {
                    return snapshot;
                }

                Assert.True(DateTime.UtcNow < deadline, $"timed out; output so far:\n{snapshot}");
                await Task.Delay(100);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    private static async Task<(int Exit, string Stderr)> RunToExitAsync(params string[] args)
    {
        using var process = Start(args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await stdout;
        return (process.ExitCode, await stderr);
    }
}
