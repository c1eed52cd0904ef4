using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using PodIdentity.CommandLine;

namespace PodIdentity.Discovery;

/// <summary>
/// <c>serve</c>, <c>publish</c> and <c>doctor</c> with their flags; <c>--help</c> and <c>--version</c>
/// on every command (neither starts anything). A bad command line exits 2 with the reason and a
/// usage line on stderr.
/// </summary>
internal static class DiscoveryCommandLine
{
    public const string Name = "PodIdentity.Discovery";
    public const int BadArguments = 2;

    public const string Usage = """
        Usage:
          PodIdentity.Discovery serve [--s3] [--gcs-jwks-file <path>] [--kubeconfig <path>]
          PodIdentity.Discovery publish --s3 [--once] [--gcs-jwks-file <path>] [--kubeconfig <path>]
          PodIdentity.Discovery doctor --issuer <url> [--audience <aud>] [--token-file <path>] [--kubeconfig <path>]
          PodIdentity.Discovery <command> --help
        """;

    private const string ConfigurationHelp = """
        Configuration: appsettings.json, env vars (Discovery__Issuer) or --Discovery:Issuer <value>.
        Keys: Discovery:Issuer (required for serve/publish), Discovery:Port (8080), Discovery:Interval (00:01:00),
              Discovery:KeyRetention (1.00:05:00), Discovery:PublicUrlCheck (true), Discovery:S3:Bucket,
              Discovery:S3:Prefix, Discovery:S3:Endpoint, Discovery:S3:Region, Discovery:S3:ForcePathStyle (false).
        """;

    /// <summary>Parses and runs <paramref name="run"/> with the request; help, version and errors are answered here.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, Func<CommandLineRequest, Task<int>> run)
    {
        var (configuration, tokens) = ConfigurationArguments.Split(args);
        var root = Create(Overrides(configuration), run);
        var result = root.Parse(tokens, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Action is ParseErrorAction || result.CommandResult.Command == root && result.Action is null)
        {
            await stderr.WriteLineAsync($"error: {Reason(result, root)}\n\n{Usage}");
            return BadArguments;
        }

        return await result.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
    }

    /// <summary>The request a command line stands for, or the reason it is refused (help and version aside).</summary>
    public static (CommandLineRequest? Request, string? Error) Parse(IReadOnlyList<string> args)
    {
        CommandLineRequest? request = null;
        var (configuration, tokens) = ConfigurationArguments.Split(args);
        var root = Create(Overrides(configuration), r =>
        {
            request = r;
            return Task.FromResult(0);
        });
        var result = root.Parse(tokens, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Errors.Count > 0 || result.CommandResult.Command == root)
        {
            return (null, Reason(result, root));
        }

        result.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        return (request, null);
    }

    private static string Reason(ParseResult result, Command root)
    {
        if (result.CommandResult.Command == root && !result.Tokens.Any(t => t.Type == System.CommandLine.Parsing.TokenType.Option))
        {
            return result.Tokens.Count == 0
                ? "missing command: expected serve, publish or doctor"
                : $"unknown command \"{result.Tokens[0].Value}\": expected serve, publish or doctor";
        }

        return string.Join("; ", result.Errors.Select(e => string.Join(' ', e.Message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));
    }

    private static string Example(string option) => option switch
    {
        "--issuer" => "https://oidc.example.com/my-cluster",
        "--audience" => "sts.amazonaws.com",
        "--token-file" => "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
        "--kubeconfig" => "~/.kube/config",
        _ => "/out/jwks.json",
    };

    /// <summary>The <c>--Section:Key value</c> pairs as the configuration command-line provider reads them.</summary>
    private static Dictionary<string, string?> Overrides(string[] configuration) =>
        new ConfigurationBuilder().AddCommandLine(configuration).Build().AsEnumerable()
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);

    private static Command Create(Dictionary<string, string?> overrides, Func<CommandLineRequest, Task<int>> run)
    {
        var s3 = new Option<bool>("--s3") { Description = "upload both documents to Discovery:S3:Bucket (state survives restarts there)" };
        var gcsJwksFile = new Option<string>("--gcs-jwks-file") { Description = "also write the JWKS to this file, for `gcloud iam workload-identity-pools providers update-oidc --jwk-json-path`", HelpName = "path" };
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "kubeconfig of the cluster (default: in-cluster, then KUBECONFIG, then ~/.kube/config)", HelpName = "path" };
        var once = new Option<bool>("--once") { Description = "publish once and exit: 0 published and the public copy matches, 1 otherwise (for a CronJob)" };
        var issuer = new Option<string>("--issuer") { Description = "the public issuer URL, e.g. https://oidc.example.com/my-cluster", HelpName = "url", Required = true };
        var audience = new Option<string>("--audience") { Description = "check that --token-file's token carries this audience, e.g. sts.amazonaws.com", HelpName = "aud" };
        var tokenFile = new Option<string>("--token-file") { Description = "a ServiceAccount token to verify against the public keys", HelpName = "path" };
        foreach (var option in new[] { gcsJwksFile, kubeconfig, issuer, audience, tokenFile })
        {
            option.RequireValue(Example(option.Name));
        }

        CommandLineRequest Request(DiscoveryCommand command, ParseResult parse) => new(command,
            S3: command != DiscoveryCommand.Doctor && parse.GetValue(s3),
            Once: command == DiscoveryCommand.Publish && parse.GetValue(once),
            GcsJwksFile: command == DiscoveryCommand.Doctor ? null : parse.GetValue(gcsJwksFile),
            Kubeconfig: parse.GetValue(kubeconfig),
            Issuer: command == DiscoveryCommand.Doctor ? parse.GetValue(issuer) : null,
            Audience: command == DiscoveryCommand.Doctor ? parse.GetValue(audience) : null,
            TokenFile: command == DiscoveryCommand.Doctor ? parse.GetValue(tokenFile) : null)
        {
            ConfigurationOverrides = overrides,
        };

        var serve = new Command("serve", "Serve /.well-known/openid-configuration and /openid/v1/jwks on Discovery:Port (also /healthz, /metrics). Configuration keys: see --help without a command.")
        {
            s3, gcsJwksFile, kubeconfig,
        };
        serve.SetAction(parse => run(Request(DiscoveryCommand.Serve, parse)));

        var publish = new Command("publish", "Upload both documents to Discovery:S3:Bucket every Discovery:Interval (or once with --once). Configuration keys: see --help without a command.")
        {
            s3, once, gcsJwksFile, kubeconfig,
        };
        publish.Validators.Add(r =>
        {
            // GetResult, not GetValue: the latter throws when --gcs-jwks-file lacks its value.
            if (r.GetResult(s3) is null && r.GetResult(gcsJwksFile) is null)
            {
                r.AddError("publish needs a target: --s3 (and/or --gcs-jwks-file <path>)");
            }
        });
        publish.SetAction(parse => run(Request(DiscoveryCommand.Publish, parse)));

        var doctor = new Command("doctor", "Check the public discovery documents against the API server and name every problem found. Exit 0 nothing failed, 1 a check failed.")
        {
            issuer, audience, tokenFile, kubeconfig,
        };
        doctor.SetAction(parse => run(Request(DiscoveryCommand.Doctor, parse)));

        var root = new Command(Name, "Publishes the cluster's OIDC discovery documents and checks the trust chain the clouds walk.\n" + ConfigurationHelp)
        {
            serve, publish, doctor,
        };
        foreach (var command in new[] { root, serve, publish, doctor })
        {
            command.Options.Add(new HelpOption());
            command.Options.Add(AssemblyVersionAction.CreateOption(typeof(DiscoveryCommandLine).Assembly));
        }

        return root;
    }
}
