using Microsoft.Extensions.Options;
using PodIdentity.Discovery.Options;

namespace PodIdentity.Discovery.Publishing;

/// <summary>Runs a cycle at start and then every Discovery:Interval until shutdown.</summary>
internal sealed class PublishLoop(PublishCycle cycle, IOptions<DiscoveryOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            // RunOnceAsync logs and records its own failures; a cycle never ends the loop.
            await cycle.RunOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
