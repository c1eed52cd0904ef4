using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PodIdentity.Webhook.Tls;

namespace PodIdentity.Webhook.Demo;

/// <summary>
/// After the banner: posts the sample AdmissionReview to the running server over TLS, trusting only
/// the demo certificate (as the curl line does), and prints the response with the patch decoded.
/// A newcomer sees a real mutation from the first command alone.
/// </summary>
internal sealed class DemoSampleRequest(
    DemoUrls urls, CertificateStore certificates, IOptions<DemoOptions> options, DemoOutput output, DemoConsole console, IHostApplicationLifetime lifetime) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (options.Value.PostSample)
        {
            // Not awaited: start-up must not wait on a request to itself.
            _ = Task.Run(() => PostAsync(lifetime.ApplicationStopping), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    private async Task PostAsync(CancellationToken stopping)
    {
        var writer = console.Writer;
        try
        {
            var trusted = certificates.Current!.Certificate;
            using var handler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                        certificate is not null && certificate.GetCertHash().AsSpan().SequenceEqual(trusted.GetCertHash()),
                },
            };
            using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
            var review = await File.ReadAllBytesAsync(Path.Combine(output.Directory, DemoBanner.ReviewFile), stopping);
            using var content = new ByteArrayContent(review);
            content.Headers.ContentType = new("application/json");
            using var answer = await client.PostAsync(urls.Mutate, content, stopping);
            var body = await answer.Content.ReadAsStringAsync(stopping);
            var printed = Decode(body);
            lock (writer)
            {
                writer.WriteLine($"Sample review posted to {urls.Mutate}: HTTP {(int)answer.StatusCode}; the response with its JSON Patch decoded:");
                writer.WriteLine(printed);
                writer.WriteLine();
                writer.Flush();
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or JsonException)
        {
            lock (writer)
            {
                writer.WriteLine($"The sample review could not be posted ({e.Message}); use the curl line above.");
                writer.Flush();
            }
        }
    }

    private static string Decode(string body)
    {
        var response = JsonNode.Parse(body)!["response"]!.AsObject();
        if (response["patch"]?.GetValue<string>() is { } patch)
        {
            response["patch"] = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(patch)));
        }

        return response.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
