using System.CommandLine;
using PodIdentity.CommandLine;

namespace PodIdentity.Webhook.Preview;

/// <summary>
/// <c>preview --pod FILE --service-account FILE [--namespace NS] [-o pod|patch]</c>; every
/// <c>--Section:Key value</c> pair is configuration, as for the server.
/// </summary>
internal sealed record PreviewArguments(string PodFile, string ServiceAccountFile, string? Namespace, PreviewOutput Output, string[] ConfigurationArgs)
{
    public const string CommandName = "preview";

    public const string Usage =
        "PodIdentity.Webhook preview --pod <pod.yaml> --service-account <sa.yaml> [--namespace <ns>] [-o pod|patch] [--Section:Key value ...]";

    /// <summary>The <c>preview</c> command; its action runs <see cref="PreviewCommand.Run(PreviewArguments, TextWriter, TextWriter)"/>.</summary>
    public static Command CreateCommand(string[] configuration, TextWriter stdout, TextWriter stderr)
    {
        var pod = new Option<string>("--pod") { Description = "the Pod manifest (YAML or JSON)", HelpName = "file", Required = true };
        var serviceAccount = new Option<string>("--service-account", "--serviceaccount", "--sa")
        {
            Description = "the ServiceAccount manifest the pod runs as (YAML or JSON)", HelpName = "file", Required = true,
        };
        var ns = new Option<string>("--namespace", "-n") { Description = "namespace of the review (default: the pod's, the ServiceAccount's, then \"default\")" };
        var output = new Option<string>("--output", "-o")
        {
            Description = "pod: the mutated pod as YAML; patch: the JSON Patch ([] when nothing changes)",
            DefaultValueFactory = _ => "pod",
        };
        output.AcceptOnlyFromAmong("pod", "yaml", "patch");
        pod.RequireValue("pod.yaml");
        serviceAccount.RequireValue("serviceaccount.yaml");
        ns.RequireValue("demo");

        var command = new Command(CommandName,
            "Show what the webhook would do to a pod, offline, with the server's configuration and validators. " +
            "Exit 0 allowed (warnings on stderr), 1 denied, 2 bad input, arguments or configuration.")
        {
            pod, serviceAccount, ns, output,
        };
        command.SetAction(parse => PreviewCommand.Run(
            new PreviewArguments(
                parse.GetRequiredValue(pod),
                parse.GetRequiredValue(serviceAccount),
                parse.GetValue(ns),
                parse.GetValue(output) == "patch" ? PreviewOutput.Patch : PreviewOutput.Pod,
                configuration),
            stdout,
            stderr));
        return command;
    }
}

internal enum PreviewOutput
{
    Pod,
    Patch,
}
