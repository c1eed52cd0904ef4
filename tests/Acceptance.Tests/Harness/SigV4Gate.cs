using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PodIdentity.Acceptance.Tests.Harness;

/// <summary>
/// In front of s3rver (which checks the access key id but not SigV4 signatures): recomputes each request's
/// AWS Signature Version 4 with the secret the stand-in STS issued, refuses a mismatch with 403
/// SignatureDoesNotMatch as S3 would, and forwards the rest unchanged.
/// </summary>
internal sealed class SigV4Gate : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient upstream;
    private readonly IReadOnlyDictionary<string, string> secrets;

    private SigV4Gate(WebApplication app, string upstreamEndpoint, IReadOnlyDictionary<string, string> secrets)
    {
        this.app = app;
        this.secrets = secrets;
        upstream = new HttpClient { BaseAddress = new Uri(upstreamEndpoint) };
    }

    public string Endpoint { get; private set; } = "";

    public ConcurrentQueue<SignedRequest> Requests { get; } = new();

    /// <param name="secrets">Secret access key by access key id.</param>
    public static async Task<SigV4Gate> StartAsync(string upstreamEndpoint, IReadOnlyDictionary<string, string> secrets)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var gate = new SigV4Gate(app, upstreamEndpoint, secrets);
        app.Run(gate.HandleAsync);
        await app.StartAsync();
        gate.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return gate;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();

        var problem = Verify(request, target, body, out var accessKey);
        Requests.Enqueue(new SignedRequest(request.Method, target, accessKey, request.Headers["x-amz-security-token"].ToString(), problem));
        if (problem is not null)
        {
            context.Response.StatusCode = 403;
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync($"<Error><Code>SignatureDoesNotMatch</Code><Message>{System.Security.SecurityElement.Escape(problem)}</Message></Error>");
            return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), target) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in request.Headers)
        {
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                forward.Content.Headers.TryAddWithoutValidation(name, value.ToArray());
            }
            else if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                forward.Headers.TryAddWithoutValidation(name, value.ToArray());
            }
        }

        using var response = await upstream.SendAsync(forward, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>Null when the signature is the one the secret gives; otherwise why not.</summary>
    private string? Verify(HttpRequest request, string target, byte[] body, out string? accessKey)
    {
        accessKey = null;
        var authorization = request.Headers.Authorization.ToString();
        const string Algorithm = "AWS4-HMAC-SHA256 ";
        if (!authorization.StartsWith(Algorithm, StringComparison.Ordinal))
        {
            return $"not a SigV4 header signature: \"{authorization}\"";
        }

        var fields = authorization[Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1]);
        var scope = fields["Credential"].Split('/');
        accessKey = scope[0];
        if (!secrets.TryGetValue(accessKey, out var secret))
        {
            return $"unknown access key id {accessKey}";
        }

        var payloadHash = request.Headers["x-amz-content-sha256"].ToString();
        if (payloadHash != "UNSIGNED-PAYLOAD" && payloadHash != Convert.ToHexStringLower(SHA256.HashData(body)))
        {
            return "x-amz-content-sha256 is not the body's hash";
        }

        var signedHeaders = fields["SignedHeaders"];
        var canonicalHeaders = string.Concat(signedHeaders.Split(';').Select(name =>
            $"{name}:{(name == "host" ? request.Host.Value : string.Join(',', request.Headers[name].Select(v => v!.Trim())))}\n"));
        var query = target.Contains('?', StringComparison.Ordinal) ? target[(target.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";
        var canonicalQuery = string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Contains('=', StringComparison.Ordinal) ? p : p + "=").Order(StringComparer.Ordinal));
        var path = target.Split('?')[0];
        var canonicalRequest = $"{request.Method}\n{path}\n{canonicalQuery}\n{canonicalHeaders}\n{signedHeaders}\n{payloadHash}";

        var date = request.Headers["x-amz-date"].ToString();
        var stringToSign = $"AWS4-HMAC-SHA256\n{date}\n{string.Join('/', scope[1..])}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in scope[1..])
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return expected == fields["Signature"] ? null : $"signature {fields["Signature"]} is not the one secret of {accessKey} gives ({expected})";
    }

    public async ValueTask DisposeAsync()
    {
        upstream.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
