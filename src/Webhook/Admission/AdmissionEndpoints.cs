namespace PodIdentity.Webhook.Admission;

internal static class AdmissionEndpoints
{
    public static IServiceCollection AddAdmission(this IServiceCollection services) =>
        services
            .AddSingleton<AdmissionHandler>()
            .AddSingleton<ReviewLog>();

    /// <summary><c>POST /mutate</c> on the HTTPS listener.</summary>
    public static WebApplication MapAdmission(this WebApplication app)
    {
        // Resolved once: through context.RequestServices every review would open a DI scope.
        var handler = app.Services.GetRequiredService<AdmissionHandler>();
        app.MapPost("/mutate", (RequestDelegate)handler.HandleAsync);
        return app;
    }
}
