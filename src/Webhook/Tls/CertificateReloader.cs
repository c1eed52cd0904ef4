using Microsoft.Extensions.Options;

namespace PodIdentity.Webhook.Tls;

/// <summary>Loads the certificate files before Kestrel binds and polls them every <see cref="TlsOptions.ReloadInterval"/>.</summary>
internal sealed class CertificateReloader(CertificateStore store, IOptions<TlsOptions> options, TimeProvider time) : BackgroundService, IHostedLifecycleService
{
    // Runs before any hosted service's StartAsync, the web server's included: the first handshake finds the certificate.
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        store.TryReload();
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReloadInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                store.TryReload();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
