using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PodIdentity.Acceptance.Tests.Harness;

/// <summary>
/// An HTTPS_PROXY for the probe: each CONNECT host:443 tunnel is joined to the stand-ins' TLS port, which
/// answers with a certificate for that host. The SDK keeps calling the URL we inject (e.g.
/// https://sts.googleapis.com/v1/token); only the network under it is local.
/// </summary>
internal sealed class ConnectProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly int tlsPort;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;

    public ConnectProxy(int tlsPort)
    {
        this.tlsPort = tlsPort;
        listener.Start();
        accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    /// <summary>Every CONNECT target, e.g. "sts.googleapis.com:443", in order.</summary>
    public ConcurrentQueue<string> Tunnels { get; } = new();

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = TunnelAsync(client);
        }
    }

    private async Task TunnelAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await TunnelAsync(client.GetStream());
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The probe hung up or the test is over; either way the tunnel is done.
            }
        }
    }

    private async Task TunnelAsync(NetworkStream stream)
    {
        var head = await ReadHeadAsync(stream);
        var requestLine = head.Split("\r\n")[0].Split(' ');
        if (requestLine is not ["CONNECT", var target, _])
        {
            await stream.WriteAsync("HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), stopping.Token);
            return;
        }

        Tunnels.Enqueue(target);
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(IPAddress.Loopback, tlsPort, stopping.Token);
        await stream.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), stopping.Token);
        var other = upstream.GetStream();
        await Task.WhenAny(stream.CopyToAsync(other, stopping.Token), other.CopyToAsync(stream, stopping.Token));
    }

    // Byte by byte up to the blank line, so nothing of the TLS handshake after it is consumed.
    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (head.Length < 8192 && !head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, stopping.Token) == 0)
            {
                break;
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
    }
}
