using Microsoft.Extensions.Options;
using PodIdentity.Discovery;
using PodIdentity.Discovery.Doctor;
using PodIdentity.Discovery.Publishing;

var (request, error) = CommandLineParser.Parse(args);
if (request is null)
{
    await Console.Error.WriteLineAsync($"error: {error}\n\n{CommandLineParser.Usage}");
    return 2;
}

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
