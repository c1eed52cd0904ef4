namespace PodIdentity.Webhook.Admission;

internal static class AdmissionEndpoints
{
    public static IServiceCollection AddAdmission(this IServiceCollection services) =>
        services
            .AddSingleton<AdmissionHandler>()
            .AddSingleton(services => new ReviewLog(services.GetRequiredService<Serilog.ILogger>()));

    /// <summary><c>POST /mutate</c> on the HTTPS listener.</summary>
    public static WebApplication MapAdmission(this WebApplication app)
    {
        app.MapPost("/mutate", (RequestDelegate)(context => context.RequestServices.GetRequiredService<AdmissionHandler>().HandleAsync(context)));
        return app;
    }
}
