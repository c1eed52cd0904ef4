namespace PodIdentity.Discovery;

/// <summary>Hand-rolled parser: three commands and a handful of flags do not justify a package.</summary>
internal static class CommandLineParser
{
    public const string Usage = """
        Usage:
          PodIdentity.Discovery serve [--s3] [--gcs-jwks-file <path>] [--kubeconfig <path>]
              Serve /.well-known/openid-configuration and /openid/v1/jwks on Discovery:Port (also /healthz, /metrics).
          PodIdentity.Discovery publish --s3 [--once] [--gcs-jwks-file <path>] [--kubeconfig <path>]
              Upload both documents to Discovery:S3:Bucket every Discovery:Interval (or once with --once).
          PodIdentity.Discovery doctor --issuer <url> [--audience <aud>] [--token-file <path>] [--kubeconfig <path>]
              Check the public discovery documents against the API server and name every problem found.

        Configuration: appsettings.json, env vars (Discovery__Issuer) or --Discovery:Issuer <value>.
        Keys: Discovery:Issuer (required for serve/publish), Discovery:Port (8080), Discovery:Interval (00:01:00),
              Discovery:KeyRetention (1.00:05:00), Discovery:PublicUrlCheck (true), Discovery:S3:Bucket,
              Discovery:S3:Prefix, Discovery:S3:Endpoint, Discovery:S3:Region, Discovery:S3:ForcePathStyle (false).
        """;

    /// <summary>Returns the request, or an error message to print above the usage text.</summary>
    public static (CommandLineRequest? Request, string? Error) Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            return (null, "missing command: expected serve, publish or doctor");
        }

        DiscoveryCommand command;
        switch (args[0])
        {
            case "serve": command = DiscoveryCommand.Serve; break;
            case "publish": command = DiscoveryCommand.Publish; break;
            case "doctor": command = DiscoveryCommand.Doctor; break;
            default: return (null, $"unknown command \"{args[0]}\": expected serve, publish or doctor");
        }

        var request = new CommandLineRequest(command);
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            string? Value(string flag)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return null;
                }

                return args[++i];
            }

            switch (arg)
            {
                case "--s3" when command != DiscoveryCommand.Doctor: request = request with { S3 = true }; break;
                case "--once" when command == DiscoveryCommand.Publish: request = request with { Once = true }; break;
                case "--gcs-jwks-file" when command != DiscoveryCommand.Doctor:
                    request = request with { GcsJwksFile = Value(arg) ?? "" };
                    if (request.GcsJwksFile.Length == 0) return (null, "--gcs-jwks-file needs a path, e.g. --gcs-jwks-file /out/jwks.json");
                    break;
                case "--kubeconfig":
                    request = request with { Kubeconfig = Value(arg) ?? "" };
                    if (request.Kubeconfig.Length == 0) return (null, "--kubeconfig needs a path, e.g. --kubeconfig ~/.kube/config");
                    break;
                case "--issuer" when command == DiscoveryCommand.Doctor:
                    request = request with { Issuer = Value(arg) ?? "" };
                    if (request.Issuer.Length == 0) return (null, "--issuer needs a URL, e.g. --issuer https://oidc.example.com/my-cluster");
                    break;
                case "--audience" when command == DiscoveryCommand.Doctor:
                    request = request with { Audience = Value(arg) ?? "" };
                    if (request.Audience.Length == 0) return (null, "--audience needs a value, e.g. --audience sts.amazonaws.com");
                    break;
                case "--token-file" when command == DiscoveryCommand.Doctor:
                    request = request with { TokenFile = Value(arg) ?? "" };
                    if (request.TokenFile.Length == 0) return (null, "--token-file needs a path, e.g. --token-file /var/run/secrets/eks.amazonaws.com/serviceaccount/token");
                    break;
                default:
                    if (!TryConfigurationOverride(args, ref i, overrides))
                    {
                        return (null, $"unknown option \"{arg}\" for {args[0]}");
                    }

                    break;
            }
        }

        if (command == DiscoveryCommand.Publish && !request.S3 && request.GcsJwksFile is null)
        {
            return (null, "publish needs a target: --s3 (and/or --gcs-jwks-file <path>)");
        }

        if (command == DiscoveryCommand.Doctor && request.Issuer is null)
        {
            return (null, "doctor needs --issuer <url>, e.g. --issuer https://oidc.example.com/my-cluster");
        }

        return (request with { ConfigurationOverrides = overrides }, null);
    }

    // Accepts `--Section:Key value` and `--Section:Key=value`; a colon marks a configuration key.
    private static bool TryConfigurationOverride(IReadOnlyList<string> args, ref int i, Dictionary<string, string?> overrides)
    {
        var arg = args[i];
        if (!arg.StartsWith("--", StringComparison.Ordinal) || !arg.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        var body = arg[2..];
        var equals = body.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0)
        {
            overrides[body[..equals]] = body[(equals + 1)..];
            return true;
        }

        if (i + 1 >= args.Count)
        {
            return false;
        }

        overrides[body] = args[++i];
        return true;
    }
}
