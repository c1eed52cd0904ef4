using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace PodIdentity.Webhook.Tls;

/// <summary>
/// A loaded serving pair: the leaf with its private key plus the intermediates from tls.crt,
/// prepared once as an <see cref="SslStreamCertificateContext"/> so handshakes do no chain work.
/// </summary>
public sealed class ServingCertificate
{
    internal ServingCertificate(X509Certificate2 certificate, X509Certificate2Collection intermediates)
    {
        Certificate = certificate;
        Intermediates = intermediates;
        Context = SslStreamCertificateContext.Create(certificate, intermediates, offline: true);
    }

    public X509Certificate2 Certificate { get; }

    public X509Certificate2Collection Intermediates { get; }

    public SslStreamCertificateContext Context { get; }

    public string Thumbprint => Certificate.Thumbprint;

    public DateTimeOffset NotAfter => new(Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
}
