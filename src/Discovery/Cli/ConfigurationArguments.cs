namespace PodIdentity.Discovery;

/// <summary>
/// Separates <c>--Section:Key value</c> and <c>--Section:Key=value</c> (a colon in the name marks a
/// configuration key) from the command's own flags, which are then parsed strictly: a misspelt
/// flag is an error, not a setting. The overrides apply after appsettings.json and env vars.
/// </summary>
internal static class ConfigurationArguments
{
    public static (Dictionary<string, string?> Overrides, string[] Command) Split(IReadOnlyList<string> args)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var command = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var name = KeyOf(arg);
            if (name is null)
            {
                command.Add(arg);
            }
            else if (name.Length < arg.Length - 2)
            {
                overrides[name] = arg[(name.Length + 3)..];
            }
            else if (i + 1 < args.Count)
            {
                overrides[name] = args[++i];
            }
            else
            {
                // A key with no value: left for the parser to report as an unknown argument.
                command.Add(arg);
            }
        }

        return (overrides, [.. command]);
    }

    private static string? KeyOf(string arg)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal))
        {
            return null;
        }

        var equals = arg.IndexOf('=', 2);
        var name = equals < 0 ? arg[2..] : arg[2..equals];
        return name.Length > 0 && name[0] != ':' && name.Contains(':', StringComparison.Ordinal) ? name : null;
    }
}
