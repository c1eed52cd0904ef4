using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PodIdentity.Acceptance.Tests.Harness;

/// <summary>
/// A throw-away CA and a server certificate per host name, so the stand-ins can answer for
/// sts.googleapis.com and the like. The probe trusts only this CA (SSL_CERT_FILE in its environment).
/// </summary>
internal sealed class TestCertificateAuthority : IDisposable
{
    private readonly RSA caKey = RSA.Create(2048);
    private readonly X509Certificate2 ca;
    private readonly ConcurrentDictionary<string, X509Certificate2> servers = new(StringComparer.OrdinalIgnoreCase);

    public TestCertificateAuthority(string directory)
    {
        var request = new CertificateRequest("CN=pod-identity acceptance test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        BundlePath = Path.Combine(directory, "acceptance-ca.pem");
        File.WriteAllText(BundlePath, ca.ExportCertificatePem() + "\n");
    }

    /// <summary>PEM file with the CA alone: the probe's SSL_CERT_FILE.</summary>
    public string BundlePath { get; }

    public X509Certificate2 ServerCertificate(string host) => servers.GetOrAdd(host, Issue);

    private X509Certificate2 Issue(string host)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-30), DateTimeOffset.UtcNow.AddHours(12), serial);
        using var withKey = issued.CopyWithPrivateKey(key);

        // Through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        foreach (var certificate in servers.Values)
        {
            certificate.Dispose();
        }

        ca.Dispose();
        caKey.Dispose();
    }
}
