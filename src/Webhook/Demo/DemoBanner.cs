using System.Net.Security;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Options;
using PodIdentity.Core.Admission;
using PodIdentity.Manifests;
using PodIdentity.Webhook.Tls;

namespace PodIdentity.Webhook.Demo;

/// <summary>Where the demo banner goes; Console.Out unless a test swaps it.</summary>
public sealed class DemoConsole(TextWriter writer)
{
    public TextWriter Writer { get; } = writer;
}

/// <summary>
/// Once the server listens: writes a sample AdmissionReview and the demo certificate to
/// <see cref="DemoOutput.Directory"/> and prints a curl line that posts it. Then (<c>Demo:PostSample</c>) posts it
/// itself, trusting only the demo certificate as the curl line does, and prints the response with the patch
/// decoded: a newcomer sees a real mutation from the first command alone.
/// </summary>
internal sealed class DemoBanner(
    DemoUrls urls, DemoServiceAccounts accounts, CertificateStore certificates, DemoOutput output, DemoConsole console,
    IOptions<DemoOptions> options, IHostApplicationLifetime lifetime) : IHostedLifecycleService
{
    public const string ReviewFile = "admission-review.json";
    public const string CertificateFile = "demo-ca.crt";

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var directory = output.Directory;
        var reviewPath = Path.Combine(directory, ReviewFile);
        var certificatePath = Path.Combine(directory, CertificateFile);
        File.WriteAllBytes(reviewPath, SampleReview());
        File.WriteAllText(certificatePath, certificates.Current!.Certificate.ExportCertificatePem() + "\n");

        var url = urls.Mutate;
        var w = console.Writer;
        w.WriteLine();
        w.WriteLine($"Demo mode: {accounts.Count} ServiceAccount(s) from local files (no API server):");
        foreach (var account in accounts.Accounts.OrderBy(a => a.Metadata?.NamespaceProperty, StringComparer.Ordinal).ThenBy(a => a.Metadata?.Name, StringComparer.Ordinal))
        {
            w.WriteLine($"  {account.Metadata?.NamespaceProperty ?? "default"}/{account.Metadata?.Name}");
        }

        w.WriteLine($"Serving {url} with a self-signed certificate ({certificatePath}).");
        w.WriteLine("Post a sample AdmissionReview and decode the JSON Patch:");
        w.WriteLine();
        w.WriteLine($"  curl -s --cacert {certificatePath} {url} -H 'Content-Type: application/json' --data @{reviewPath} | {PythonDecoder}");
        w.WriteLine();
        w.Flush();
        if (options.Value.PostSample)
        {
            // Not awaited: start-up must not wait on a request to itself.
            _ = Task.Run(() => PostSampleAsync(reviewPath, lifetime.ApplicationStopping), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    /// <summary>Prints the response with its base64 patch decoded; python3 is on a fresh Debian or Ubuntu machine, jq often is not.</summary>
    public const string PythonDecoder =
        "python3 -c 'import base64,json,sys; r=json.load(sys.stdin)[\"response\"]; r[\"patch\"]=json.loads(base64.b64decode(r.get(\"patch\") or \"W10=\")); print(json.dumps(r, indent=2))'";

    /// <summary>A CREATE review for the first example pod whose ServiceAccount was loaded, else a minimal pod for the first ServiceAccount.</summary>
    private byte[] SampleReview()
    {
        var pod = ExamplePod() ?? MinimalPod();
        return AdmissionCodec.CreateReview(pod, pod.Metadata?.NamespaceProperty ?? "default", "00000000-0000-0000-0000-000000000001");
    }

    private V1Pod? ExamplePod()
    {
        foreach (var file in accounts.Files.Select(f => Path.Combine(Path.GetDirectoryName(f)!, "pod.yaml")).Distinct().Where(File.Exists))
        {
            try
            {
                foreach (var pod in KubernetesManifest.LoadAll<V1Pod>(File.ReadAllText(file)))
                {
                    var ns = pod.Metadata?.NamespaceProperty ?? "default";
                    var name = AdmissionCodec.DecodeCreate(pod, ns, uid: "demo").Object?.ServiceAccount;
                    if (name is not null && accounts.Accounts.Any(a => (a.Metadata?.NamespaceProperty ?? "default") == ns && a.Metadata?.Name == name))
                    {
                        return pod;
                    }
                }
            }
            catch (Exception e) when (e is ManifestException or IOException)
            {
                // Not a usable example; fall back to a minimal pod.
            }
        }

        return null;
    }

    private V1Pod MinimalPod()
    {
        var account = accounts.Accounts.First();
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = "demo", NamespaceProperty = account.Metadata?.NamespaceProperty ?? "default" },
            Spec = new V1PodSpec
            {
                ServiceAccountName = account.Metadata?.Name,
                Containers = [new V1Container { Name = "app", Image = "busybox" }],
            },
        };
    }

    private async Task PostSampleAsync(string reviewPath, CancellationToken stopping)
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
            var review = await File.ReadAllBytesAsync(reviewPath, stopping);
            using var content = new ByteArrayContent(review);
            content.Headers.ContentType = new("application/json");
            using var answer = await client.PostAsync(urls.Mutate, content, stopping);
            var body = await answer.Content.ReadAsStringAsync(stopping);
            var printed = DecodePatch(body);
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

    private static string DecodePatch(string body)
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
