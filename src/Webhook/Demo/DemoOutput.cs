using Microsoft.Extensions.Options;

namespace PodIdentity.Webhook.Demo;

/// <summary>
/// The folder the demo writes its sample review and certificate to: <c>Demo:OutputDirectory</c>, or
/// by default <c>$TMPDIR/pod-identity-webhook-demo-&lt;port&gt;</c>, so demos on different ports (or a
/// test next to a user's demo) never overwrite each other's files. When that folder belongs to
/// someone else (a shared /tmp), a fresh private one is used instead.
/// </summary>
internal sealed class DemoOutput(DemoUrls urls, IOptions<DemoOptions> options)
{
    private readonly Lazy<string> directory = new(() => Resolve(urls, options.Value));

    public string Directory => directory.Value;

    private static string Resolve(DemoUrls urls, DemoOptions options)
    {
        if (!string.IsNullOrEmpty(options.OutputDirectory))
        {
            System.IO.Directory.CreateDirectory(options.OutputDirectory);
            return options.OutputDirectory;
        }

        var path = Path.Combine(Path.GetTempPath(), $"pod-identity-webhook-demo-{new Uri(urls.Mutate).Port}");
        try
        {
            System.IO.Directory.CreateDirectory(path);
            var probe = Path.Combine(path, $".write-check-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return path;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return System.IO.Directory.CreateTempSubdirectory("pod-identity-webhook-demo-").FullName;
        }
    }
}
