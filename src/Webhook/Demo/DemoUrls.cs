using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace PodIdentity.Webhook.Demo;

/// <summary>Where the demo server can be reached, for the banner's curl line and the sample request.</summary>
internal sealed class DemoUrls(IServer server)
{
    /// <summary>The https://…/mutate address the server listens on, with a wildcard host made 127.0.0.1.</summary>
    public string Mutate => MutateUrl();

    private string MutateUrl()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            ?? "https://127.0.0.1:8443";
        var uri = new Uri(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        var host = uri.Host switch
        {
            "0.0.0.0" or "[::]" or "::" => "127.0.0.1",
            _ => uri.Host,
        };
        return $"https://{host}:{uri.Port}/mutate";
    }
}
