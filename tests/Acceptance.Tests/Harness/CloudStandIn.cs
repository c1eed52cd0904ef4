using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PodIdentity.Acceptance.Tests.Harness;

/// <summary>
/// Stand-in cloud endpoints on 127.0.0.1 (Kestrel, ephemeral ports): plain HTTP for endpoints the SDKs let us
/// override (AWS_ENDPOINT_URL_STS, a loopback container-credentials URI), TLS with a per-host certificate for
/// the ones reached through <see cref="ConnectProxy"/> under their real names. Every request is recorded.
/// </summary>
internal sealed class CloudStandIn : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<(string? Host, string Path), Func<RecordedRequest, Reply>> routes = new();

    private CloudStandIn(WebApplication app, TestCertificateAuthority authority, string directory)
    {
        this.app = app;
        Authority = authority;
        Directory = directory;
    }

    public TestCertificateAuthority Authority { get; }

    /// <summary>http://127.0.0.1:port, for endpoints given to the SDK as a URL.</summary>
    public string HttpUrl { get; private set; } = "";

    public int TlsPort { get; private set; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    private string Directory { get; }

    public static async Task<CloudStandIn> StartAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("acceptance-standin-").FullName;
        var authority = new TestCertificateAuthority(directory);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
                https.ServerCertificateSelector = (_, host) => authority.ServerCertificate(host ?? "localhost")));
        });
        var app = builder.Build();
        var standIn = new CloudStandIn(app, authority, directory);
        app.Run(standIn.HandleAsync);
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        standIn.HttpUrl = addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal));
        standIn.TlsPort = new Uri(addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal))).Port;
        return standIn;
    }

    /// <summary>Answers <paramref name="path"/> (on <paramref name="host"/> only, when given) with the handler's reply.</summary>
    public void Map(string path, Func<RecordedRequest, Reply> handler, string? host = null) => routes[(host, path)] = handler;

    public IReadOnlyList<RecordedRequest> To(string path) => [.. Requests.Where(r => r.Path == path)];

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var request = new RecordedRequest(
            context.Request.Method,
            context.Request.Host.Host,
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            await reader.ReadToEndAsync(context.RequestAborted));
        Requests.Enqueue(request);

        var reply = routes.TryGetValue((request.Host, request.Path), out var handler) || routes.TryGetValue((null, request.Path), out handler)
            ? handler(request)
            : new Reply(404, "text/plain", $"no stand-in answers {request.Method} {request.Host}{request.Path}");
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = reply.ContentType;
        await context.Response.WriteAsync(reply.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Authority.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
