using PodIdentity.Core.ServiceAccounts;
using PodIdentity.Webhook.ServiceAccounts;
using PodIdentity.Webhook.Tls;

namespace PodIdentity.Webhook.Health;

internal static class HealthEndpoints
{
    /// <summary>
    /// <c>/healthz</c>: the process serves requests (liveness). <c>/readyz</c>: the ServiceAccounts
    /// are loaded (first full list), a serving certificate is loaded and the host is not stopping.
    /// Both on the HTTPS and the metrics listener.
    /// </summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/healthz", (RequestDelegate)(context => Text(context, StatusCodes.Status200OK, "ok")));
        app.MapGet("/readyz", (RequestDelegate)(context =>
        {
            var services = context.RequestServices;
            var problems = new List<string>(3);
            if (services.GetRequiredService<IServiceAccountLookup>() is IServiceAccountReadiness { IsReady: false })
            {
                problems.Add("ServiceAccounts not loaded yet (waiting for the first full list)");
            }

            if (!services.GetRequiredService<CertificateStore>().HasCertificate)
            {
                problems.Add("no serving certificate loaded");
            }

            if (services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested)
            {
                problems.Add("shutting down");
            }

            return problems.Count == 0
                ? Text(context, StatusCodes.Status200OK, "ok")
                : Text(context, StatusCodes.Status503ServiceUnavailable, "not ready: " + string.Join("; ", problems));
        }));
        return app;
    }

    private static Task Text(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(text + "\n", context.RequestAborted);
    }
}
