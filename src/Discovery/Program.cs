using Microsoft.Extensions.Options;
using PodIdentity.Discovery;
using PodIdentity.Discovery.Doctor;
using PodIdentity.Discovery.Publishing;

return await DiscoveryCommandLine.RunAsync(args, Console.Out, Console.Error, RunAsync);

static async Task<int> RunAsync(CommandLineRequest request)
{
    try
    {
        if (request.Command == DiscoveryCommand.Doctor)
        {
            return await DoctorCommand.RunAsync(request, Console.Out, CancellationToken.None);
        }

        await using var app = DiscoveryApp.Build(request);
        if (request.Once)
        {
            _ = app.Services.GetRequiredService<IOptions<PodIdentity.Discovery.Options.DiscoveryOptions>>().Value;
            var report = await app.Services.GetRequiredService<PublishCycle>().RunOnceAsync(CancellationToken.None);
            // A CronJob should go red when the public copy disagrees, not only when publishing failed.
            return report.Outcome == CycleOutcome.Published && report.PublicCheck?.Outcome is null or PublicCheckOutcome.Match ? 0 : 1;
        }

        await app.RunAsync();
        return 0;
    }
    catch (OptionsValidationException ex)
    {
        await Console.Error.WriteLineAsync($"configuration error:\n  {string.Join("\n  ", ex.Failures)}");
        return 2;
    }
    catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
    {
        await Console.Error.WriteLineAsync($"error: {ex.Message.TrimEnd('.')}: another process holds the port; stop it or choose another with --Discovery:Port <port> (Discovery__Port)");
        return 1;
    }
}
