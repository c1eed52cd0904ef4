using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.S3;
using PodIdentity.Discovery.Options;
using PodIdentity.Discovery.Publishing;

namespace PodIdentity.Discovery.Tests.Infrastructure;

/// <summary>
/// A real S3-protocol server (npm `s3rver`) on 127.0.0.1 with a temp directory. Missing binary is a
/// failure, not a skip: CI installs it with `npm ci --prefix tests/tools`.
/// </summary>
internal sealed class S3rverProcess : IAsyncDisposable
{
    public const string Bucket = "oidc-test";
    private readonly Process _process;
    private readonly string _directory;

    private S3rverProcess(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Endpoint = $"http://127.0.0.1:{port}";
    }

    public string Endpoint { get; }

    public S3TargetOptions Options(string? prefix = null) => new()
    {
        Bucket = Bucket,
        Endpoint = Endpoint,
        Region = "us-east-1",
        ForcePathStyle = true,
        Prefix = prefix,
    };

    public AmazonS3Client CreateClient() => S3Target.CreateClient(Options());

    public static async Task<S3rverProcess> StartAsync()
    {
        var binary = FindBinary();
        var directory = Directory.CreateTempSubdirectory("s3rver-").FullName;
        var port = FreePort();
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--address", "127.0.0.1", "--port", port.ToString(), "--directory", directory, "--configure-bucket", Bucket, "--silent" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {binary}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new S3rverProcess(process, directory, port);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"s3rver exited with code {process.ExitCode} before accepting connections");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
                break;
            }
            catch (SocketException)
            {
                await Task.Delay(50, timeout.Token);
            }
        }

        // The bucket is configured asynchronously after listen; wait until it answers.
        using var s3 = server.CreateClient();
        while (true)
        {
            try
            {
                await s3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = Bucket }, timeout.Token);
                return server;
            }
            catch (AmazonS3Exception)
            {
                await Task.Delay(50, timeout.Token);
            }
        }
    }

    private static string FindBinary()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Webhook.sln")))
            {
                var binary = Path.Combine(dir.FullName, "tests", "tools", "node_modules", ".bin", "s3rver");
                return File.Exists(binary)
                    ? binary
                    : throw new InvalidOperationException($"s3rver is not installed at {binary}: run `npm ci --prefix tests/tools` in {dir.FullName}");
            }
        }

        throw new InvalidOperationException($"no Webhook.sln above {AppContext.BaseDirectory}; cannot locate tests/tools/node_modules/.bin/s3rver");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
