using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PodIdentity.Core.Mutation;
using PodIdentity.Core.ServiceAccounts;

namespace PodIdentity.Webhook.Tests.Support;

/// <summary>
/// The real app (WebhookApp.Build, Kestrel, TLS) on https://127.0.0.1:0 with a kubelet-style
/// certificate folder, a fake ServiceAccount lookup, and an extra plain-HTTP listener on
/// 127.0.0.1:0 standing in for the metrics port.
/// </summary>
internal sealed class WebhookServer : IAsyncDisposable
{
    private WebhookServer(WebApplication app, TestCertificates certificates, KubeletSecretDirectory directory, FakeServiceAccountLookup lookup, LogCapture logs)
    {
        App = app;
        Certificates = certificates;
        CertDirectory = directory;
        Lookup = lookup;
        Logs = logs;
    }

    public WebApplication App { get; }

    public TestCertificates Certificates { get; }

    public KubeletSecretDirectory CertDirectory { get; }

    public FakeServiceAccountLookup Lookup { get; }

    public LogCapture Logs { get; }

    public Uri Https { get; private set; } = null!;

    public Uri Http { get; private set; } = null!;

    public static async Task<WebhookServer> StartAsync(FakeServiceAccountLookup? lookup = null, bool writeCertificate = true, params string[] args)
    {
        var certificates = new TestCertificates();
        var directory = new KubeletSecretDirectory();
        if (writeCertificate)
        {
            directory.Write(certificates.Issue("webhook A"));
        }

        lookup ??= new FakeServiceAccountLookup();
        var logs = new LogCapture();
        string[] all =
        [
            "--urls", "https://127.0.0.1:0",
            "--Server:MetricsPort", "0",
            "--Tls:CertDirectory", directory.Path,
            "--Tls:ReloadInterval", "00:00:00.100",
            "--Logging:Format", "console",
            .. args,
        ];
        var app = WebhookApp.Build(all, builder =>
        {
            builder.Services.AddSingleton<IServiceAccountLookup>(lookup);
            builder.Logging.AddProvider(logs);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        });
        lookup.Mutator = app.Services.GetRequiredService<PodMutator>();
        await app.StartAsync();
        var server = new WebhookServer(app, certificates, directory, lookup, logs);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        server.Https = new Uri(addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal)));
        server.Http = new Uri(addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal)));
        return server;
    }

    /// <summary>An HttpClient that trusts only the test CA, as the API server trusts only the caBundle.</summary>
    public HttpClient CreateClient(Action<SocketsHttpHandler>? configure = null, Action<X509Certificate2>? onServerCertificate = null) =>
        CreateClient(Certificates.Ca, Https, configure, onServerCertificate);

    public static HttpClient CreateClient(X509Certificate2 trustedRoot, Uri baseAddress, Action<SocketsHttpHandler>? configure = null, Action<X509Certificate2>? onServerCertificate = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is not X509Certificate2 presented)
                    {
                        return false;
                    }

                    onServerCertificate?.Invoke(presented);
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(trustedRoot);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
                    return chain.Build(presented) && presented.MatchesHostname("127.0.0.1");
                },
            },
        };
        configure?.Invoke(handler);
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient CreatePlainClient() => new() { BaseAddress = Http, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await App.StopAsync(stop.Token);
        }

        await App.DisposeAsync();
        CertDirectory.Dispose();
        Certificates.Dispose();
    }
}
