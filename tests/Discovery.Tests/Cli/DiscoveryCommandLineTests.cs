using System.Diagnostics;
using PodIdentity.CommandLine;

namespace PodIdentity.Discovery.Tests.Cli;

public sealed class DiscoveryCommandLineTests
{
    [Theory]
    [InlineData(new string[0], "missing command")]
    [InlineData(new[] { "launch" }, "unknown command \"launch\"")]
    [InlineData(new[] { "doctor" }, "Option '--issuer' is required")]
    [InlineData(new[] { "doctor", "--issuer" }, "Required argument missing for option: '--issuer'")]
    [InlineData(new[] { "doctor", "--issuer", "--audience", "x" }, "--issuer needs a value, e.g. --issuer https://oidc.example.com/my-cluster")]
    [InlineData(new[] { "publish" }, "publish needs a target")]
    [InlineData(new[] { "publish", "--gcs-jwks-file" }, "Required argument missing for option: '--gcs-jwks-file'")]
    [InlineData(new[] { "serve", "--once" }, "Unrecognized command or argument '--once'")]
    [InlineData(new[] { "serve", "--bogus" }, "Unrecognized command or argument '--bogus'")]
    public void Bad_command_lines_are_rejected_with_a_reason(string[] args, string reason)
    {
        var (request, error) = DiscoveryCommandLine.Parse(args);
        Assert.Null(request);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Publish_flags_and_configuration_overrides_are_parsed()
    {
        var (request, error) = DiscoveryCommandLine.Parse(
            ["publish", "--s3", "--once", "--gcs-jwks-file", "/out/jwks.json", "--Discovery:Issuer", "https://oidc.example.com", "--Discovery:S3:Bucket=b", "--kubeconfig", "/k"]);

        Assert.Null(error);
        Assert.Equal(new CommandLineRequest(DiscoveryCommand.Publish, S3: true, Once: true, GcsJwksFile: "/out/jwks.json", Kubeconfig: "/k"),
            request! with { ConfigurationOverrides = new Dictionary<string, string?>() }, new RequestComparer());
        Assert.Equal("https://oidc.example.com", request.ConfigurationOverrides["Discovery:Issuer"]);
        Assert.Equal("b", request.ConfigurationOverrides["Discovery:S3:Bucket"]);
    }

    [Fact]
    public void Doctor_arguments_are_parsed()
    {
        var (request, _) = DiscoveryCommandLine.Parse(["doctor", "--issuer", "https://oidc.example.com", "--audience", "sts.amazonaws.com", "--token-file", "/t"]);
        Assert.Equal(("https://oidc.example.com", "sts.amazonaws.com", "/t"), (request!.Issuer, request.Audience, request.TokenFile));
    }

    [Theory]
    [InlineData(new[] { "--help" }, "PodIdentity.Discovery [command] [options]")]
    [InlineData(new[] { "serve", "--help" }, "PodIdentity.Discovery serve [options]")]
    [InlineData(new[] { "publish", "-h" }, "PodIdentity.Discovery publish [options]")]
    [InlineData(new[] { "doctor", "--help" }, "PodIdentity.Discovery doctor [options]")]
    public async Task Help_is_printed_on_every_command_and_runs_nothing(string[] args, string usage)
    {
        var ran = false;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await DiscoveryCommandLine.RunAsync(args, stdout, stderr, _ =>
        {
            ran = true;
            return Task.FromResult(0);
        });

        Assert.Equal(0, exit);
        Assert.False(ran);
        Assert.Contains(usage, stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("--version", stdout.ToString(), StringComparison.Ordinal);
        Assert.Empty(stderr.ToString());
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("serve", "--version")]
    [InlineData("publish", "--version")]
    [InlineData("doctor", "--version")]
    public async Task Version_is_printed_on_every_command(params string[] args)
    {
        using var stdout = new StringWriter();
        var exit = await DiscoveryCommandLine.RunAsync(args, stdout, TextWriter.Null, _ => Task.FromResult(7));

        Assert.Equal(0, exit);
        Assert.Equal(AssemblyVersionAction.VersionOf(typeof(DiscoveryCommandLine).Assembly), stdout.ToString().Trim());
        Assert.StartsWith(typeof(DiscoveryCommandLine).Assembly.GetName().Version!.ToString(3), AssemblyVersionAction.VersionOf(typeof(DiscoveryCommandLine).Assembly), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_executable_answers_help_without_starting_a_server()
    {
        var (exit, stdout, stderr) = await RunAsync("serve", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("--gcs-jwks-file <path>", stdout, StringComparison.Ordinal);
        Assert.Empty(stderr);
    }

    [Fact]
    public async Task The_executable_prints_usage_on_stderr_and_exits_2_for_an_unknown_command()
    {
        var (exit, stdout, stderr) = await RunAsync("frobnicate");
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains("unknown command \"frobnicate\"", stderr, StringComparison.Ordinal);
        Assert.Contains("Usage:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_executable_exits_2_naming_the_key_when_configuration_is_invalid()
    {
        var (exit, _, stderr) = await RunAsync("publish", "--s3", "--once", "--Discovery:Issuer", "http://oidc.example.com:8443");
        Assert.Equal(2, exit);
        Assert.Contains("Discovery:Issuer is \"http://oidc.example.com:8443\"; it must use https", stderr, StringComparison.Ordinal);
        Assert.Contains("example: Discovery:Issuer=https://", stderr, StringComparison.Ordinal);
        Assert.Contains("Discovery:S3:Bucket is required with --s3", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PodIdentity.Discovery.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["KUBECONFIG"] = "/nonexistent";
        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private sealed class RequestComparer : IEqualityComparer<CommandLineRequest>
    {
        public bool Equals(CommandLineRequest? x, CommandLineRequest? y) =>
            (x!.Command, x.S3, x.Once, x.GcsJwksFile, x.Kubeconfig) == (y!.Command, y.S3, y.Once, y.GcsJwksFile, y.Kubeconfig);

        public int GetHashCode(CommandLineRequest obj) => obj.Command.GetHashCode();
    }
}
