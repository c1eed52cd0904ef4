using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;
using PodIdentity.Webhook.Tls;

namespace PodIdentity.Webhook.Hosting;

internal static class WebhookServerExtensions
{
    /// <summary>
    /// Kestrel: HTTPS (TLS 1.2/1.3, HTTP/1.1 unless <c>Tls:EnableHttp2</c>) on <c>--urls</c> or
    /// <c>Server:HttpsPort</c>, plain HTTP/1.1 on <c>Server:MetricsPort</c>; 3 MiB body cap;
    /// <c>Server:ShutdownTimeout</c> for draining in-flight reviews.
    /// </summary>
    public static WebApplicationBuilder AddWebhookServer(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        builder.Services.AddHostedService<RuntimeReport>();
        builder.Services.AddOptions<HostOptions>()
            .Configure<IOptions<ServerOptions>>((host, server) => host.ShutdownTimeout = server.Value.ShutdownTimeout);

        var urls = HttpsEndpoint.ParseUrls(builder.Configuration[WebHostDefaults.ServerUrlsKey]);

        // Kestrel binds exactly the listeners below; clear the host's own address settings (including
        // ASPNETCORE_HTTP_PORTS from container images) so nothing else is bound or warned about.
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "");
        builder.WebHost.UseSetting(WebHostDefaults.HttpPortsKey, "");
        builder.WebHost.UseSetting(WebHostDefaults.HttpsPortsKey, "");

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var services = kestrel.ApplicationServices;
            var server = services.GetRequiredService<IOptions<ServerOptions>>().Value;
            var tls = services.GetRequiredService<IOptions<TlsOptions>>().Value;
            var store = services.GetRequiredService<CertificateStore>();

            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = ServerOptions.MaxRequestBodyBytes;
            ApplyLimits(kestrel.Limits, server);

            var protocols = tls.EnableHttp2 ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
            List<SslApplicationProtocol> alpn = tls.EnableHttp2
                ? [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]
                : [SslApplicationProtocol.Http11];
            var handshake = new TlsHandshakeCallbackOptions
            {
                HandshakeTimeout = server.TlsHandshakeTimeout,
                OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
                {
                    // Read per handshake: a rotated certificate is used by the next new connection.
                    ServerCertificateContext = store.Current?.Context
                        ?? throw new AuthenticationException($"no serving certificate loaded from {tls.CertDirectory}"),
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateRequired = false,
                    CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
                    ApplicationProtocols = alpn,
                }),
            };

            void Https(ListenOptions listen)
            {
                listen.Protocols = protocols;
                listen.UseHttps(handshake);
            }

            if (urls.Count == 0)
            {
                kestrel.ListenAnyIP(server.HttpsPort, Https);
            }
            else
            {
                foreach (var endpoint in urls)
                {
                    endpoint.Listen(kestrel, Https);
                }
            }

            if (server.MetricsPort != 0)
            {
                kestrel.ListenAnyIP(server.MetricsPort, listen => listen.Protocols = HttpProtocols.Http1);
            }
        });

        return builder;
    }

    /// <summary>Connection and request limits from <c>Server:</c> (see <see cref="ServerOptions"/> for why each default).</summary>
    internal static void ApplyLimits(KestrelServerLimits limits, ServerOptions server)
    {
        limits.MaxConcurrentConnections = server.MaxConcurrentConnections == 0 ? null : server.MaxConcurrentConnections;

        // Nothing here upgrades (no WebSockets), so an upgraded connection is never legitimate.
        limits.MaxConcurrentUpgradedConnections = 0;
        limits.KeepAliveTimeout = server.KeepAliveTimeout;
        limits.RequestHeadersTimeout = server.RequestHeadersTimeout;
        limits.MinRequestBodyDataRate = server.MinRequestBodyBytesPerSecond == 0
            ? null
            : new MinDataRate(server.MinRequestBodyBytesPerSecond, server.MinRequestBodyGracePeriod);
        limits.Http2.MaxStreamsPerConnection = server.Http2MaxStreamsPerConnection;
    }
}
