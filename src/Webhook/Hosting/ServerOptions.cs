using Microsoft.Extensions.Options;

namespace PodIdentity.Webhook.Hosting;

/// <summary>The <c>Server</c> configuration section.</summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    /// <summary>Largest AdmissionReview body accepted (413 above it): 3 MiB, as the API server's own cap.</summary>
    public const long MaxRequestBodyBytes = 3 * 1024 * 1024;

    /// <summary>HTTPS port for /mutate, /healthz and /readyz when no --urls / ASPNETCORE_URLS is given.</summary>
    public int HttpsPort { get; set; } = 8443;

    /// <summary>Plain HTTP port for /metrics, /healthz and /readyz; 0 disables it.</summary>
    public int MetricsPort { get; set; } = 9090;

    /// <summary>How long in-flight reviews may take to finish once the host is asked to stop.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>Lookup budget when the API server sends no <c>?timeout=</c>.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Share of the API server's timeout given to the ServiceAccount lookup; the rest is headroom.</summary>
    public double TimeoutBudgetRatio { get; set; } = 0.8;

    // Connection limits. /mutate has no client authentication, so anything that reaches the port can
    // open connections; an idle TLS connection costs ~39 KB (issue 14: 3,000 took RSS from 129 to
    // 246 MB). Sized so the cap's worst case (~40 MB) fits beside the process's own ~130 MB under the
    // chart's 256 Mi limit, while the API server needs a few dozen at most (it reuses connections).

    /// <summary>Open connections per HTTPS listener (the metrics listener has its own count); the next one is closed at once. 0: no limit.</summary>
    public long MaxConcurrentConnections { get; set; } = 1000;

    /// <summary>How long an idle connection (no request in flight) is kept; above the API server's 90 s idle timeout so it closes first.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Time allowed to send a request's headers (a slow-header client is cut off after it).</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for the TLS handshake of a new connection.</summary>
    public TimeSpan TlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Slowest body upload accepted, after <see cref="MinRequestBodyGracePeriod"/>; 0 turns the check off.</summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>Grace period before <see cref="MinRequestBodyBytesPerSecond"/> is enforced.</summary>
    public TimeSpan MinRequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Concurrent HTTP/2 streams per connection (with <c>Tls:EnableHttp2</c>).</summary>
    public int Http2MaxStreamsPerConnection { get; set; } = 100;
}

internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    private static void CheckDuration(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max, string example)
    {
        if (value < min || value > max)
        {
            failures.Add($"Server:{key} {value} is invalid: expected a duration between {min:c} and {max:c}, e.g. {example}");
        }
    }

    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var failures = new List<string>();
        if (options.HttpsPort is < 1 or > 65535)
        {
            failures.Add($"Server:HttpsPort {options.HttpsPort} is invalid: expected a port between 1 and 65535 (or give --urls https://host:port)");
        }

        if (options.MetricsPort is < 0 or > 65535)
        {
            failures.Add($"Server:MetricsPort {options.MetricsPort} is invalid: expected a port between 1 and 65535, or 0 to disable the metrics listener");
        }

        if (options.MetricsPort != 0 && options.MetricsPort == options.HttpsPort)
        {
            failures.Add($"Server:MetricsPort {options.MetricsPort} is invalid: it must differ from Server:HttpsPort");
        }

        if (options.ShutdownTimeout < TimeSpan.Zero || options.ShutdownTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Server:ShutdownTimeout {options.ShutdownTimeout} is invalid: expected a duration between 00:00:00 and 00:10:00, e.g. 00:00:25");
        }

        if (options.DefaultTimeout <= TimeSpan.Zero || options.DefaultTimeout > TimeSpan.FromSeconds(30))
        {
            failures.Add($"Server:DefaultTimeout {options.DefaultTimeout} is invalid: expected a duration above zero and at most 00:00:30 (the API server's maximum webhook timeout)");
        }

        if (options.TimeoutBudgetRatio is <= 0 or > 1 || double.IsNaN(options.TimeoutBudgetRatio))
        {
            failures.Add($"Server:TimeoutBudgetRatio {options.TimeoutBudgetRatio} is invalid: expected a number above 0 and at most 1, e.g. 0.8");
        }

        if (options.MaxConcurrentConnections is < 0 or > 1_000_000)
        {
            failures.Add($"Server:MaxConcurrentConnections {options.MaxConcurrentConnections} is invalid: expected a number of connections between 1 and 1000000, or 0 for no limit, e.g. 1000");
        }

        CheckDuration(failures, "KeepAliveTimeout", options.KeepAliveTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), "00:01:40");
        CheckDuration(failures, "RequestHeadersTimeout", options.RequestHeadersTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), "00:00:10");
        CheckDuration(failures, "TlsHandshakeTimeout", options.TlsHandshakeTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), "00:00:10");
        CheckDuration(failures, "MinRequestBodyGracePeriod", options.MinRequestBodyGracePeriod, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), "00:00:05");

        if (options.MinRequestBodyBytesPerSecond < 0 || double.IsNaN(options.MinRequestBodyBytesPerSecond) || double.IsInfinity(options.MinRequestBodyBytesPerSecond))
        {
            failures.Add($"Server:MinRequestBodyBytesPerSecond {options.MinRequestBodyBytesPerSecond} is invalid: expected bytes per second of at least 0 (0 turns the check off), e.g. 240");
        }

        if (options.Http2MaxStreamsPerConnection is < 1 or > 10_000)
        {
            failures.Add($"Server:Http2MaxStreamsPerConnection {options.Http2MaxStreamsPerConnection} is invalid: expected a number between 1 and 10000, e.g. 100");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
