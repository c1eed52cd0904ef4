using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using PodIdentity.Webhook.Observability;

namespace PodIdentity.Webhook.Tls;

/// <summary>
/// The serving certificate Kestrel hands out on every TLS handshake. Loaded from
/// <c>tls.crt</c> + <c>tls.key</c> in <see cref="TlsOptions.CertDirectory"/>, re-read on a poll:
/// Kubernetes updates a Secret volume by swapping the <c>..data</c> symlink, which file watchers
/// miss, so the files' bytes are compared instead. A pair that fails to load (unreadable, bad PEM,
/// key not matching the certificate) is logged and counted, and the last good pair stays in use.
/// </summary>
public sealed partial class CertificateStore(IOptions<TlsOptions> options, WebhookMetrics metrics, ILogger<CertificateStore> logger, TimeProvider time)
{
    public const string CertificateFile = "tls.crt";
    public const string KeyFile = "tls.key";

    private readonly Lock _gate = new();
    private volatile ServingCertificate? _current;
    private byte[]? _seenCertificate;
    private byte[]? _seenKey;
    private string? _lastReadError;

    /// <summary>The pair in use; null until the first successful load.</summary>
    public ServingCertificate? Current => _current;

    public bool HasCertificate => _current is not null;

    /// <summary>Use an in-memory certificate (demo mode); no files are read.</summary>
    public void Set(X509Certificate2 certificate)
    {
        lock (_gate)
        {
            Install(new ServingCertificate(certificate, []));
        }
    }

    /// <summary>
    /// Reads both files and installs them when their bytes differ from the last pair seen.
    /// Returns true when a new certificate was installed.
    /// </summary>
    public bool TryReload()
    {
        lock (_gate)
        {
            var directory = options.Value.CertDirectory;
            if (!TryRead(directory, out var certificatePem, out var keyPem, out var readError))
            {
                // Missing files are normal until cert-manager's Secret exists: report each new state once.
                if (readError != _lastReadError)
                {
                    _lastReadError = readError;
                    Failed(directory, readError);
                }

                _seenCertificate = null;
                _seenKey = null;
                return false;
            }

            _lastReadError = null;
            if (_seenCertificate is not null && _seenKey is not null
                && certificatePem.AsSpan().SequenceEqual(_seenCertificate) && keyPem.AsSpan().SequenceEqual(_seenKey))
            {
                return false;
            }

            // The kubelet may have swapped ..data between reading tls.crt and tls.key: a pair that does not load is read once more.
            var loaded = TryLoad(certificatePem, keyPem, out var error);
            if (loaded is null && TryRead(directory, out var againCertificate, out var againKey, out _)
                && !(againCertificate.AsSpan().SequenceEqual(certificatePem) && againKey.AsSpan().SequenceEqual(keyPem)))
            {
                (certificatePem, keyPem) = (againCertificate, againKey);
                loaded = TryLoad(certificatePem, keyPem, out error);
            }

            _seenCertificate = certificatePem;
            _seenKey = keyPem;
            if (loaded is null)
            {
                Failed(directory, error!);
                return false;
            }

            var previous = _current;
            Install(loaded);
            var now = time.GetUtcNow();
            if (loaded.NotAfter <= now || loaded.Certificate.NotBefore.ToUniversalTime() > now.UtcDateTime)
            {
                LogOutsideValidity(logger, loaded.Thumbprint, loaded.Certificate.NotBefore.ToUniversalTime(), loaded.NotAfter);
            }

            if (previous is null)
            {
                LogLoaded(logger, directory, loaded.Certificate.Subject, loaded.Thumbprint, loaded.NotAfter);
            }
            else
            {
                LogRotated(logger, directory, previous.Thumbprint, loaded.Thumbprint, loaded.NotAfter);
            }

            return true;
        }
    }

    private static ServingCertificate? TryLoad(byte[] certificatePem, byte[] keyPem, out string? error)
    {
        error = null;
        try
        {
            return Load(certificatePem, keyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            error = e.Message;
            return null;
        }
    }

    internal static ServingCertificate Load(byte[] certificatePem, byte[] keyPem)
    {
        var certificateText = System.Text.Encoding.UTF8.GetString(certificatePem);
        var keyText = System.Text.Encoding.UTF8.GetString(keyPem);

        // CreateFromPem takes the first CERTIFICATE block as the leaf and throws when the key's public
        // part is not the certificate's ("The provided key does not match the public key for this certificate").
        using var pemLoaded = X509Certificate2.CreateFromPem(certificateText, keyText);
        if (!pemLoaded.HasPrivateKey)
        {
            throw new CryptographicException("tls.key holds no private key for the certificate");
        }

        // A PEM-loaded key is ephemeral; a PKCS#12 round trip gives SslStream a key it can use on every
        // platform (required on Windows, harmless on Linux) and detaches it from the PEM strings.
        var leaf = X509CertificateLoader.LoadPkcs12(pemLoaded.Export(X509ContentType.Pkcs12), password: null);

        var all = new X509Certificate2Collection();
        all.ImportFromPem(certificateText);
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in all)
        {
            if (certificate.Thumbprint != leaf.Thumbprint)
            {
                intermediates.Add(certificate);
            }
        }

        return new ServingCertificate(leaf, intermediates);
    }

    private void Install(ServingCertificate certificate)
    {
        _current = certificate;
        metrics.CertificateReloads.WithLabels("loaded").Inc();
        metrics.CertificateExpiry.Set(certificate.NotAfter.ToUnixTimeSeconds());
    }

    private void Failed(string directory, string reason)
    {
        metrics.CertificateReloads.WithLabels("failed").Inc();
        if (_current is null)
        {
            LogNoCertificate(logger, directory, reason);
        }
        else
        {
            LogKeptPrevious(logger, directory, reason, _current.Thumbprint);
        }
    }

    private static bool TryRead(string directory, out byte[] certificate, out byte[] key, out string error)
    {
        // Through the tls.crt -> ..data/tls.crt links: File.ReadAllBytes follows them, so a swapped
        // ..data is seen on the next read.
        try
        {
            certificate = File.ReadAllBytes(Path.Combine(directory, CertificateFile));
            key = File.ReadAllBytes(Path.Combine(directory, KeyFile));
            error = "";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            certificate = [];
            key = [];
            error = e.Message;
            return false;
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Serving certificate loaded from {Directory}: {Subject}, thumbprint {Thumbprint}, expires {NotAfter:o}")]
    private static partial void LogLoaded(ILogger logger, string directory, string subject, string thumbprint, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Serving certificate rotated from {Directory}: {PreviousThumbprint} -> {Thumbprint}, expires {NotAfter:o}; new connections use it")]
    private static partial void LogRotated(ILogger logger, string directory, string previousThumbprint, string thumbprint, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Serving certificate in {Directory} could not be loaded ({Reason}); keeping the previous certificate {Thumbprint}")]
    private static partial void LogKeptPrevious(ILogger logger, string directory, string reason, string thumbprint);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "No serving certificate yet: {Directory} could not be loaded ({Reason}); TLS handshakes fail and /readyz reports not ready until tls.crt and tls.key are readable")]
    private static partial void LogNoCertificate(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Serving certificate {Thumbprint} is outside its validity period ({NotBefore:o} to {NotAfter:o}); the API server will reject it")]
    private static partial void LogOutsideValidity(ILogger logger, string thumbprint, DateTime notBefore, DateTimeOffset notAfter);
}
