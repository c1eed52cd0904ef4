using System.Net;
using System.Net.Sockets;
using System.Reflection;
using PodIdentity.Webhook.Hosting;
using PodIdentity.CommandLine;

namespace PodIdentity.Webhook.Tests.Hosting;

public sealed class CommandLineTests
{
    private static readonly string Version =
        typeof(WebhookApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

    [Theory]
    [InlineData(new[] { "--help" }, "PodIdentity.Webhook [command] [options]")]
    [InlineData(new[] { "-h" }, "PodIdentity.Webhook [command] [options]")]
    [InlineData(new[] { "serve", "--help" }, "PodIdentity.Webhook serve [options]")]
    [InlineData(new[] { "serve", "--demo", "--help" }, "PodIdentity.Webhook serve [options]")]
    [InlineData(new[] { "preview", "--help" }, "PodIdentity.Webhook preview [options]")]
    public void Help_is_printed_on_stdout_and_starts_no_server(string[] args, string usage)
    {
        // In-process: had the server started, Run would block until the test host times out.
        var (exit, stdout, stderr) = Run(args);

        Assert.Equal(0, exit);
        Assert.Contains(usage, stdout, StringComparison.Ordinal);
        Assert.Contains("--version", stdout, StringComparison.Ordinal);
        Assert.Empty(stderr);
        Assert.DoesNotContain("Runtime:", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("serve", "--version")]
    [InlineData("preview", "--version")]
    public void Version_is_the_assembly_version_on_every_command(params string[] args)
    {
        var (exit, stdout, _) = Run(args);

        Assert.Equal(0, exit);
        Assert.Equal(Version, stdout.Trim());
    }

    [Theory]
    [InlineData(new[] { "frobnicate" }, "error: Unrecognized command or argument 'frobnicate'.", "see PodIdentity.Webhook --help")]
    [InlineData(new[] { "serve", "--bogus" }, "error: Unrecognized command or argument '--bogus'.", "see PodIdentity.Webhook serve --help")]
    [InlineData(new[] { "serve", "--urls", "--demo" }, "error: --urls needs a value, e.g. --urls https://127.0.0.1:8443", "see PodIdentity.Webhook serve --help")]
    public void A_bad_command_line_exits_2_naming_the_argument(string[] args, string error, string hint)
    {
        var (exit, stdout, stderr) = Run(args);

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains(error, stderr, StringComparison.Ordinal);
        Assert.Contains(hint, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_pairs_are_separated_from_the_command_in_order()
    {
        var (configuration, command) = ConfigurationArguments.Split(
            ["serve", "--Aws:Region", "us-west-2", "--demo", "--Server:MetricsPort=0", "--urls", "https://127.0.0.1:0", "--Demo:OutputDirectory", "--x"]);

        Assert.Equal(["--Aws:Region", "us-west-2", "--Server:MetricsPort=0", "--Demo:OutputDirectory", "--x"], configuration);
        Assert.Equal(["serve", "--demo", "--urls", "https://127.0.0.1:0"], command);
    }

    [Fact]
    public void Configuration_overrides_reach_serve_through_the_command_line()
    {
        // A bad value given as --Section:Key stops start-up: proof it reached the configuration.
        var (exit, _, stderr) = Run("serve", "--demo", "--urls", "https://127.0.0.1:0", "--Server:MaxConcurrentConnections", "-3", "--Demo:OutputDirectory", TempDirectory());

        Assert.Equal(2, exit);
        Assert.Contains("Server:MaxConcurrentConnections -3 is invalid", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_busy_port_is_one_line_naming_the_address_and_the_setting_to_change()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var (exit, _, stderr) = Run("serve", "--demo", "--urls", $"https://127.0.0.1:{port}", "--Demo:OutputDirectory", TempDirectory());

        Assert.Equal(1, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: cannot listen on https://127.0.0.1:{port}: the address is already in use", line, StringComparison.Ordinal);
        Assert.Contains("--urls https://127.0.0.1:<port>", line, StringComparison.Ordinal);
        Assert.Contains("Server:HttpsPort", line, StringComparison.Ordinal);
    }

    private static string TempDirectory() => Path.Combine(Path.GetTempPath(), $"webhook-cli-{Guid.NewGuid():N}");

    private static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = WebhookCommandLine.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
