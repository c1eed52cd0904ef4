namespace PodIdentity.Webhook.Preview;

/// <summary>
/// <c>preview --pod FILE --service-account FILE [--namespace NS] [-o pod|patch]</c>; every other
/// <c>--Section:Key value</c> pair is configuration, as for the server.
/// </summary>
internal sealed record PreviewArguments(string PodFile, string ServiceAccountFile, string? Namespace, PreviewOutput Output, string[] ConfigurationArgs)
{
    public const string Usage =
        "usage: PodIdentity.Webhook preview --pod <pod.yaml> --service-account <sa.yaml> [--namespace <ns>] [-o pod|patch] [--Section:Key value ...]";

    public static PreviewArguments Parse(string[] args, out string? error)
    {
        string? pod = null, serviceAccount = null, ns = null;
        var output = PreviewOutput.Pod;
        var configuration = new List<string>();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (arg)
            {
                case "--pod":
                    pod = Next();
                    break;
                case "--service-account" or "--serviceaccount" or "--sa":
                    serviceAccount = Next();
                    break;
                case "--namespace" or "-n":
                    ns = Next();
                    break;
                case "-o" or "--output":
                    var value = Next();
                    if (value is "pod" or "yaml")
                    {
                        output = PreviewOutput.Pod;
                    }
                    else if (value == "patch")
                    {
                        output = PreviewOutput.Patch;
                    }
                    else
                    {
                        error = $"-o \"{value}\" is not an output format: expected \"pod\" (mutated pod as YAML) or \"patch\" (the JSON Patch)";
                    }

                    break;
                case var c when c.StartsWith("--", StringComparison.Ordinal) && c.Contains(':', StringComparison.Ordinal):
                    configuration.Add(arg);
                    if (!arg.Contains('=', StringComparison.Ordinal) && Next() is { } setting)
                    {
                        configuration.Add(setting);
                    }

                    break;
                default:
                    error ??= $"unknown argument \"{arg}\"";
                    break;
            }
        }

        if (error is null && (pod is null || serviceAccount is null))
        {
            error = pod is null ? "--pod <file> is required" : "--service-account <file> is required";
        }

        return new PreviewArguments(pod ?? "", serviceAccount ?? "", ns, output, [.. configuration]);
    }
}

internal enum PreviewOutput
{
    Pod,
    Patch,
}
