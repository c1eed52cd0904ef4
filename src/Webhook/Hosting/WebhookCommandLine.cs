using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using PodIdentity.CommandLine;
using PodIdentity.Webhook.Preview;

namespace PodIdentity.Webhook.Hosting;

/// <summary>
/// <c>PodIdentity.Webhook [serve] [--demo] [--urls …] | preview …</c>, with <c>--help</c> and
/// <c>--version</c> on every command (neither starts a server). <c>--Section:Key value</c> pairs go
/// to configuration. Exit codes: those of the command run, 2 for a bad command line.
/// </summary>
internal static class WebhookCommandLine
{
    public const string Name = "PodIdentity.Webhook";

    private const string ConfigurationHelp =
        "Configuration: appsettings.json next to the binary, environment variables (Section__Key) and " +
        "--Section:Key value (or --Section:Key=value) on the command line; every value is validated at start.";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var (configuration, command) = ConfigurationArguments.Split(args);
        var root = Create(configuration, stdout, stderr);
        var result = root.Parse(command, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Action is ParseErrorAction)
        {
            foreach (var error in result.Errors)
            {
                // One line per error: the "must be one of" list comes as indented lines.
                stderr.WriteLine($"error: {string.Join(' ', error.Message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}");
            }

            stderr.WriteLine($"usage: {Usage(result.CommandResult.Command)}; see {CommandPath(result.CommandResult.Command)} --help");
            return PreviewCommand.BadInput;
        }

        return result.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
    }

    private static Command Create(string[] configuration, TextWriter stdout, TextWriter stderr)
    {
        var demo = new Option<bool>("--demo") { Description = "ServiceAccounts from deploy/examples, a self-signed certificate on https://127.0.0.1:8443, no API server; posts a sample review to itself" };
        var urls = new Option<string>("--urls") { Description = "HTTPS addresses for /mutate, ';'-separated, e.g. https://0.0.0.0:8443 (default: Server:HttpsPort on every interface)", HelpName = "url" };

        urls.RequireValue("https://127.0.0.1:8443");

        int Serve(ParseResult parse)
        {
            List<string> hostArgs = [.. configuration];
            if (parse.GetValue(demo))
            {
                hostArgs.Add(WebhookApp.DemoFlag);
            }

            if (parse.GetValue(urls) is { } value)
            {
                hostArgs.AddRange(["--urls", value]);
            }

            return WebhookApp.Serve([.. hostArgs], stderr);
        }

        var serve = new Command("serve", "Serve /mutate over HTTPS for the API server, /metrics on Server:MetricsPort (the default command).\n" + ConfigurationHelp)
        {
            demo, urls,
        };
        serve.SetAction(Serve);

        var preview = PreviewArguments.CreateCommand(configuration, stdout, stderr);

        // The root runs serve too, so `PodIdentity.Webhook --Server:HttpsPort 9443` keeps working.
        var root = new Command(Name, "Mutating admission webhook that gives pods keyless cloud credentials.\n" + ConfigurationHelp)
        {
            demo, urls, serve, preview,
        };
        root.SetAction(Serve);
        foreach (var command in new[] { root, serve, preview })
        {
            command.Options.Add(new HelpOption());
            command.Options.Add(AssemblyVersionAction.CreateOption(typeof(WebhookCommandLine).Assembly));
        }

        return root;
    }

    private static string CommandPath(Command command) => command.Name == Name ? Name : $"{Name} {command.Name}";

    private static string Usage(Command command) => command.Name == PreviewArguments.CommandName
        ? PreviewArguments.Usage
        : $"{Name} [serve] [--demo] [--urls <url>] [--Section:Key value ...] | {Name} preview --pod <pod.yaml> --service-account <sa.yaml> [-o pod|patch]";
}
