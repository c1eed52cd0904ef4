using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace PodIdentity.Acceptance.Tests.Harness;

/// <summary>
/// A real S3-protocol server (npm s3rver, as in Discovery.Tests) on 127.0.0.1 with a temp directory. It accepts
/// only the access key id S3RVER but does not recompute SigV4 signatures. A missing binary fails:
/// `npm ci --prefix tests/tools` installs it.
/// </summary>
internal sealed class S3rver : IAsyncDisposable
{
    public const string Bucket = "acceptance";
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly Process process;
    private readonly string directory;

    private S3rver(Process process, string directory, int port)
    {
        this.process = process;
        this.directory = directory;
        Endpoint = $"http://127.0.0.1:{port}";
    }

    public string Endpoint { get; }

    /// <summary>A host-side client with s3rver's own keys, to read back what the probe wrote.</summary>
    public AmazonS3Client CreateClient() => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = Endpoint,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
    });

    public static async Task<S3rver> StartAsync()
    {
        var binary = Path.Combine(RepositoryPaths.Root, "tests", "tools", "node_modules", ".bin", "s3rver");
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"s3rver is not installed at {binary}: run `npm ci --prefix tests/tools` in {RepositoryPaths.Root}");
        }

        var directory = Directory.CreateTempSubdirectory("acceptance-s3rver-").FullName;
        var port = FreePort();
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--address", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--directory", directory, "--configure-bucket", Bucket, "--silent" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {binary}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new S3rver(process, directory, port);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var s3 = server.CreateClient();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"s3rver exited with code {process.ExitCode} before serving bucket {Bucket}");
            }

            // The bucket is configured after the port opens; wait until it answers.
            try
            {
                await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket }, timeout.Token);
                return server;
            }
            catch (Exception e) when (e is AmazonS3Exception or HttpRequestException or AmazonServiceException)
            {
                await Task.Delay(50, timeout.Token);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
        }

        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
