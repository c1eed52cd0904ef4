using System.Net;
using System.Net.Sockets;
using PodIdentity.Webhook.Tests.Support;

namespace PodIdentity.Webhook.Tests.Hosting;

public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task The_connection_past_Server_MaxConcurrentConnections_is_closed_and_a_slot_frees_when_one_closes()
    {
        await using var server = await WebhookServer.StartAsync(args: ["--Server:MaxConcurrentConnections", "2"]);
        var endpoint = new IPEndPoint(IPAddress.Loopback, server.Https.Port);

        // Two idle connections (no TLS handshake yet) hold both slots.
        using var first = await ConnectAsync(endpoint);
        using var second = await ConnectAsync(endpoint);
        await Eventually.TrueAsync(() => second.Connected, "second connection accepted");

        // The third is accepted by the kernel and closed by the server without a byte.
        using (var third = await ConnectAsync(endpoint))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var read = await third.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token);
            Assert.Equal(0, read);
        }

        // Once one idle connection goes, a real review client gets in again.
        first.Close();
        await Eventually.TrueAsync(async () =>
        {
            using var client = server.CreateClient();
            try
            {
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "an HTTPS request succeeds after a slot frees");
    }

    [Fact]
    public async Task The_metrics_listener_is_counted_apart_from_the_HTTPS_listener()
    {
        // Probes use the metrics port: idle clients on /mutate's port must not fail them.
        await using var server = await WebhookServer.StartAsync(args: ["--Server:MaxConcurrentConnections", "1"]);
        using var idle = await ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Https.Port));

        using var http = new HttpClient { BaseAddress = server.Http, Timeout = TimeSpan.FromSeconds(20) };
        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<Socket> ConnectAsync(IPEndPoint endpoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint);
        return socket;
    }
}
