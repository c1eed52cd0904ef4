using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace PodIdentity.Benchmarks.Soak;

/// <summary>
/// What idle TLS connections cost the webhook and what Server:MaxConcurrentConnections holds: for each
/// cap, a fresh `serve --demo` process, N connections that finish the TLS handshake and then send
/// nothing, the process's RSS before and after, and how many connections the server kept.
/// </summary>
internal static class IdleConnections
{
    public static async Task<int> RunAsync(string webhook, string root, int connections, string[] caps, string output)
    {
        Console.WriteLine($"{connections} idle TLS connections per run; RSS of the webhook process (MB)");
        Console.WriteLine("cap (Server:MaxConcurrentConnections)  kept open  RSS before  RSS after  per kept connection");
        foreach (var cap in caps)
        {
            var (kept, before, after) = await MeasureAsync(webhook, root, connections, cap, output);
            var perConnection = kept == 0 ? 0 : (after - before) * 1024 / kept;
            Console.WriteLine($"{(cap == "0" ? "none" : cap),-37} {kept,9} {before,11:F1} {after,10:F1} {perConnection,14:F1} KB");
        }

        return 0;
    }

    private static async Task<(int Kept, double Before, double After)> MeasureAsync(string webhook, string root, int connections, string cap, string output)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var dll = webhook.EndsWith(".dll", StringComparison.Ordinal);
        var start = new ProcessStartInfo(dll ? "dotnet" : webhook) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        var args = new List<string>
        {
            "serve", "--demo", "--urls", $"https://127.0.0.1:{port}", "--Server:MetricsPort", "0", "--Demo:PostSample", "false",
            "--Demo:OutputDirectory", Path.Combine(output, $"idle-demo-{cap}"), "--Server:MaxConcurrentConnections", cap,
        };
        if (dll)
        {
            args.Insert(0, webhook);
        }

        args.ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var sockets = new List<SslStream>();
        try
        {
            await WaitForPortAsync(port, process);

            // A few real requests first, so the "before" figure is a warm server, not a cold one.
            for (var i = 0; i < 20; i++)
            {
                using var warm = await HandshakeAsync(port);
                if (warm is null)
                {
                    break;
                }
            }

            await Task.Delay(2000);
            var before = ProcRss.Megabytes(process.Id);
            using var gate = new SemaphoreSlim(32);
            var tasks = Enumerable.Range(0, connections).Select(async _ =>
            {
                await gate.WaitAsync();
                try
                {
                    return await HandshakeAsync(port);
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            foreach (var stream in await Task.WhenAll(tasks))
            {
                if (stream is not null)
                {
                    sockets.Add(stream);
                }
            }

            // Connections past the cap are closed by the server right after accept; count the survivors.
            await Task.Delay(3000);
            var kept = 0;
            foreach (var stream in sockets)
            {
                if (await StillOpenAsync(stream))
                {
                    kept++;
                }
            }

            var after = ProcRss.Megabytes(process.Id);
            return (kept, before, after);
        }
        finally
        {
            foreach (var stream in sockets)
            {
                await stream.DisposeAsync();
            }

            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    private static async Task WaitForPortAsync(int port, Process process)
    {
        for (var i = 0; i < 300 && !process.HasExited; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(200);
            }
        }

        throw new InvalidOperationException("the webhook did not start listening");
    }

    private static async Task<SslStream?> HandshakeAsync(int port)
    {
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "127.0.0.1",
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            }, timeout.Token);
            return stream;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            client.Dispose();
            return null;
        }
    }

    private static async Task<bool> StillOpenAsync(SslStream stream)
    {
        // A closed connection reads 0 (or fails) at once; an open idle one does not answer within the wait.
        using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        try
        {
            return await stream.ReadAsync(new byte[1], wait.Token) > 0;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
