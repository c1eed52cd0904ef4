using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace PodIdentity.Webhook.Hosting;

/// <summary>
/// <c>--version</c>: this program's informational version (version+commit). The library's default
/// reads the entry assembly, which is the test host when tests call the parser in-process.
/// </summary>
internal sealed class AssemblyVersionAction : SynchronousCommandLineAction
{
    public static string Version { get; } =
        typeof(AssemblyVersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(AssemblyVersionAction).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static VersionOption CreateOption() => new() { Action = new AssemblyVersionAction() };

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return 0;
    }
}
