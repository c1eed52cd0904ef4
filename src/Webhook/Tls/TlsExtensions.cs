using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace PodIdentity.Webhook.Tls;

internal static class TlsExtensions
{
    /// <summary>
    /// The serving certificate: from <c>Tls:CertDirectory</c>, polled every <c>Tls:ReloadInterval</c>;
    /// in demo mode a self-signed certificate made in memory (no files).
    /// </summary>
    public static WebApplicationBuilder AddTlsCertificate(this WebApplicationBuilder builder, bool demo)
    {
        builder.Services.AddOptions<TlsOptions>().BindConfiguration(TlsOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TlsOptions>, TlsOptionsValidator>();
        builder.Services.AddSingleton<CertificateStore>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        if (!demo)
        {
            builder.Services.AddHostedService<CertificateReloader>();
        }

        return builder;
    }
}
