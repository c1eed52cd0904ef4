using Microsoft.Extensions.Options;

namespace PodIdentity.Webhook.Hosting;

/// <summary>The <c>Server</c> configuration section.</summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    /// <summary>Largest AdmissionReview body accepted (413 above it): 3 MiB, as the API server's own cap.</summary>
    public const long MaxRequestBodyBytes = 3 * 1024 * 1024;

    /// <summary>The longest <c>timeoutSeconds</c> the API server allows a webhook; a longer <c>?timeout=</c> is clamped to it.</summary>
    public static readonly TimeSpan MaxWebhookTimeout = TimeSpan.FromSeconds(30);

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
}

internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
