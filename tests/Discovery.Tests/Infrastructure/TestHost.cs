using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PodIdentity.Discovery.Http;

namespace PodIdentity.Discovery.Tests.Infrastructure;

/// <summary>Builds the real DiscoveryApp with test time, test trust and fast retries.</summary>
internal static class TestHost
{
    public static WebApplication Build(
        CommandLineRequest request,
        FakeApiServer api,
        IDictionary<string, string?>? configuration = null,
        TimeProvider? time = null,
        PublicHttpSettings? http = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Discovery:Issuer"] = api.Issuer,
            ["Discovery:Port"] = "0",
            ["Discovery:Interval"] = "01:00:00",
            ["Discovery:PublicUrlCheck"] = "false",
            ["Discovery:Resilience:RetryAttempts"] = "1",
            ["Discovery:Resilience:RetryDelay"] = "00:00:00.010",
            ["Discovery:Resilience:AttemptTimeout"] = "00:00:05",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in configuration ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return DiscoveryApp.Build(request with { Kubeconfig = api.KubeconfigPath }, builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }

            if (http is not null)
            {
                builder.Services.AddSingleton(http);
            }
        });
    }

    public static Uri BaseAddress(this WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
}
