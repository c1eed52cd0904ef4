namespace PodIdentity.CommandLine;

/// <summary>
/// Separates <c>--Section:Key value</c> and <c>--Section:Key=value</c> (a colon in the name marks a
/// configuration key) from the command's own flags. The first go to the configuration command-line
/// provider unchanged; the rest are parsed strictly, so a misspelt flag is an error, not a setting.
/// </summary>
public static class ConfigurationArguments
{
    public static (string[] Configuration, string[] Command) Split(IReadOnlyList<string> args)
    {
        var configuration = new List<string>();
        var command = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!IsConfigurationKey(arg))
            {
                command.Add(arg);
                continue;
            }

            configuration.Add(arg);
            if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Count)
            {
                configuration.Add(args[++i]);
            }
        }

        return ([.. configuration], [.. command]);
    }

    private static bool IsConfigurationKey(string arg)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal))
        {
            return false;
        }

        var name = arg.AsSpan(2);
        var equals = name.IndexOf('=');
        if (equals >= 0)
        {
            name = name[..equals];
        }

        return name.Length > 0 && name[0] != ':' && name.Contains(':');
    }
}
