using System.Buffers;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// The load test's baseline: Kestrel with the same TLS and HTTP/1.1 settings as the webhook, whose
// POST /mutate reads the whole body and answers with fixed bytes (the webhook's own response to the
// same review). Usage: PodIdentity.Benchmarks.EchoServer <port> <response.json>
if (args.Length != 2 || !int.TryParse(args[0], out var port) || !File.Exists(args[1]))
{
    Console.Error.WriteLine("usage: PodIdentity.Benchmarks.EchoServer <port> <response.json>");
    return 2;
}

var response = File.ReadAllBytes(args[1]);
using var certificate = SelfSigned();

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, port, listen =>
    {
        listen.Protocols = HttpProtocols.Http1;
        listen.UseHttps(certificate, https => https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13);
    });
});

var app = builder.Build();
app.MapPost("/mutate", async context =>
{
    var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    try
    {
        while (await context.Request.Body.ReadAsync(buffer, context.RequestAborted) > 0)
        {
        }
    }
    finally
    {
        ArrayPool<byte>.Shared.Return(buffer);
    }

    context.Response.ContentType = "application/json";
    context.Response.ContentLength = response.Length;
    await context.Response.Body.WriteAsync(response, context.RequestAborted);
});
Console.WriteLine($"echo listening on https://127.0.0.1:{port}/mutate");
app.Run();
return 0;

// Same key type as the webhook's demo certificate (ECDSA P-256), so both do the same TLS work.
static X509Certificate2 SelfSigned()
{
    using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    var request = new CertificateRequest("CN=echo", key, HashAlgorithmName.SHA256);
    var names = new SubjectAlternativeNameBuilder();
    names.AddIpAddress(IPAddress.Loopback);
    request.CertificateExtensions.Add(names.Build());
    using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
}
