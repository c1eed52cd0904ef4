using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace PodIdentity.Discovery.Http;

/// <summary>
/// How the public issuer is reached. Real users get DNS and the system trust store; tests point a
/// host name at a loopback port and trust their own CA, like `curl --resolve --cacert`.
/// </summary>
internal sealed class PublicHttpSettings
{
    public Func<DnsEndPoint, EndPoint>? Resolve { get; init; }

    public X509Certificate2Collection? TrustedRoots { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A client that validates certificates strictly (system trust, or the test roots).</summary>
    public HttpClient CreateValidatingClient() => Create(ValidateChain);

    /// <summary>
    /// A client that reports the certificate check through <paramref name="observe"/> and carries on,
    /// so `doctor` can name the TLS problem and still report on the documents behind it.
    /// </summary>
    public HttpClient CreateObservingClient(Action<TlsObservation> observe) => Create((cert, chain, errors) =>
    {
        var trusted = ValidateChain(cert, chain, errors);
        observe(new TlsObservation(trusted, errors, cert is null ? null : new X509Certificate2(cert), Describe(cert, errors)));
        return true;
    });

    private HttpClient Create(Func<X509Certificate?, X509Chain?, SslPolicyErrors, bool> validate)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, chain, errors) => validate(cert, chain, errors),
            },
        };
        if (Resolve is { } resolve)
        {
            handler.ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(resolve(context.DnsEndPoint), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return new HttpClient(handler) { Timeout = Timeout };
    }

    private bool ValidateChain(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (TrustedRoots is null || certificate is null)
        {
            return errors == SslPolicyErrors.None;
        }

        if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(TrustedRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }

    private static string Describe(X509Certificate? certificate, SslPolicyErrors errors) =>
        certificate is null ? "no certificate" : errors == SslPolicyErrors.None ? "chain ok" : errors.ToString();
}

internal sealed record TlsObservation(bool Trusted, SslPolicyErrors Errors, X509Certificate2? Certificate, string Detail);
