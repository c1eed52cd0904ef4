using Microsoft.AspNetCore.Connections;

namespace PodIdentity.Webhook.Hosting;

/// <summary>
/// A listener whose port another process holds. <c>serve</c> reports it as one line naming the
/// address and the setting to change; the host's own "Hosting failed to start" log with the
/// exception's stack trace is dropped for it (see LoggingExtensions).
/// </summary>
internal static class AddressInUse
{
    public static bool Is(Exception? e) => e is IOException { InnerException: AddressInUseException };

    /// <summary>The address from Kestrel's "Failed to bind to address X: address already in use."</summary>
    public static string Describe(IOException e, ServerOptions server)
    {
        const string prefix = "Failed to bind to address ";
        var message = e.Message;
        var address = message.StartsWith(prefix, StringComparison.Ordinal) && message.IndexOf(": ", prefix.Length, StringComparison.Ordinal) is var end and > 0
            ? message[prefix.Length..end]
            : "the configured address";
        var metrics = server.MetricsPort != 0 && address.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && address.EndsWith($":{server.MetricsPort}", StringComparison.Ordinal);
        var fix = metrics
            ? $"choose another metrics port with --Server:MetricsPort <port> (Server__MetricsPort), or 0 to turn the metrics listener off"
            : $"choose another address with --urls https://127.0.0.1:<port> (configuration key urls, ASPNETCORE_URLS), or without --urls another --Server:HttpsPort <port>";
        return $"cannot listen on {address}: the address is already in use by another process; stop it or {fix}";
    }
}
