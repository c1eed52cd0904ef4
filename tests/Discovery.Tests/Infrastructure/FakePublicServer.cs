using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PodIdentity.Discovery.Http;

namespace PodIdentity.Discovery.Tests.Infrastructure;

/// <summary>What a path answers on the fake public host.</summary>
internal sealed record FakeResponse(int Status, string Body, TimeSpan Delay = default);

/// <summary>
/// The "public internet" copy: an HTTPS server on loopback whose answers each test sets, reached by
/// host name through <see cref="PublicHttpSettings.Resolve"/> so certificates name a real-looking host.
/// </summary>
internal sealed class FakePublicServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakePublicServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public ConcurrentDictionary<string, FakeResponse> Routes { get; } = new(StringComparer.Ordinal);

    public PublicHttpSettings HttpSettings(X509Certificate2Collection trustedRoots) => new()
    {
        Resolve = _ => new IPEndPoint(IPAddress.Loopback, Port),
        TrustedRoots = trustedRoots,
        Timeout = TimeSpan.FromSeconds(10),
    };

    public static async Task<FakePublicServer> StartAsync(X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.UseHttps(certificate)));
        var app = builder.Build();
        FakePublicServer? self = null;
        app.Run(async context =>
        {
            if (self!.Routes.TryGetValue(context.Request.Path.Value ?? "", out var response))
            {
                if (response.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(response.Delay, context.RequestAborted);
                }

                context.Response.StatusCode = response.Status;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(response.Body, context.RequestAborted);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
        });
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        self = new FakePublicServer(app, port);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
