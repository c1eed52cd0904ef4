using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace PodIdentity.Webhook.Hosting;

/// <summary>
/// One HTTPS address from <c>--urls</c> / <c>ASPNETCORE_URLS</c>. /mutate is HTTPS only, so an
/// http:// URL is a configuration error rather than a silently plain listener.
/// </summary>
internal sealed record HttpsEndpoint(string Host, int Port)
{
    public static IReadOnlyList<HttpsEndpoint> ParseUrls(string? urls)
    {
        var endpoints = new List<HttpsEndpoint>();
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException e)
            {
                throw new WebhookConfigurationException($"--urls \"{url}\" is not a URL ({e.Message}); expected e.g. https://127.0.0.1:8443");
            }

            if (!string.Equals(address.Scheme, "https", StringComparison.OrdinalIgnoreCase))
            {
                throw new WebhookConfigurationException(
                    $"--urls \"{url}\" is not HTTPS: the API server calls /mutate over TLS only; use https://host:port (metrics stay plain HTTP on Server:MetricsPort)");
            }

            if (address.IsUnixPipe || address.IsNamedPipe || (address.PathBase.Length > 0 && address.PathBase != "/"))
            {
                throw new WebhookConfigurationException($"--urls \"{url}\" is not supported: expected https://host:port without a path");
            }

            if (address.Port == 0 && string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                throw new WebhookConfigurationException($"--urls \"{url}\": port 0 (any free port) needs an IP address, e.g. https://127.0.0.1:0");
            }

            endpoints.Add(new HttpsEndpoint(address.Host, address.Port));
        }

        return endpoints;
    }

    public void Listen(KestrelServerOptions kestrel, Action<ListenOptions> configure)
    {
        if (string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(Port, configure);
        }
        else if (IPAddress.TryParse(Host.Trim('[', ']'), out var ip))
        {
            kestrel.Listen(ip, Port, configure);
        }
        else
        {
            // "*", "+" or a host name: every interface, as ASP.NET Core does for such URLs.
            kestrel.ListenAnyIP(Port, configure);
        }
    }

    public override string ToString() => $"https://{Host}:{Port}";
}

/// <summary>A setting that stops start-up; Program prints its message without a stack trace.</summary>
public sealed class WebhookConfigurationException(string message) : Exception(message);
