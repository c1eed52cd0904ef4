using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace PodIdentity.CommandLine;

/// <summary>
/// <c>--version</c>: the program's informational version (version+commit). The library's default
/// reads the entry assembly, which is the test host when tests call the parser in-process, so the
/// program names its own assembly.
/// </summary>
public sealed class AssemblyVersionAction(Assembly program) : SynchronousCommandLineAction
{
    public static string VersionOf(Assembly program) =>
        program.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? program.GetName().Version?.ToString()
        ?? "unknown";

    public static VersionOption CreateOption(Assembly program) => new() { Action = new AssemblyVersionAction(program) };

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(VersionOf(program));
        return 0;
    }
}
