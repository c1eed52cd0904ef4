using System.CommandLine;

namespace PodIdentity.CommandLine;

public static class OptionValues
{
    /// <summary>The parser takes the next word as an option's value even when it is another flag; say so instead.</summary>
    public static void RequireValue(this Option<string> option, string example) => option.Validators.Add(r =>
    {
        if (r.Tokens.Count > 0 && (string.IsNullOrWhiteSpace(r.Tokens[0].Value) || r.Tokens[0].Value.StartsWith("--", StringComparison.Ordinal)))
        {
            r.AddError($"{option.Name} needs a value, e.g. {option.Name} {example}");
        }
    });
}
