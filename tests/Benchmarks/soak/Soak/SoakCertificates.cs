using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PodIdentity.Benchmarks.Soak;

/// <summary>A CA and a 127.0.0.1 serving pair written as tls.crt/tls.key, as cert-manager's Secret would be mounted.</summary>
internal sealed class SoakCertificates : IDisposable
{
    private readonly ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public SoakCertificates(string directory)
    {
        var now = DateTimeOffset.UtcNow;
        var caRequest = new CertificateRequest("CN=soak CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        Ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=soak webhook", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = request.Create(Ca, now.AddHours(-1), now.AddDays(7), [1, 2, 3, 4]);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "tls.crt"), leaf.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(directory, "tls.key"), key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    public X509Certificate2 Ca { get; }

    public void Dispose()
    {
        Ca.Dispose();
        caKey.Dispose();
    }
}
