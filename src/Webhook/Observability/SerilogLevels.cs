using Serilog;
using Serilog.Events;
using PodIdentity.Webhook.Hosting;

namespace PodIdentity.Webhook.Observability;

/// <summary>
/// The level keys of the <c>Serilog</c> section that people set in practice:
/// <c>Serilog:MinimumLevel</c> (a level), <c>Serilog:MinimumLevel:Default</c> and
/// <c>Serilog:MinimumLevel:Override:&lt;category&gt;</c>, spelled as Serilog.Settings.Configuration
/// spells them. Read here instead of by that package because it finds sinks by scanning assemblies
/// with reflection, which a trimmed, ahead-of-time compiled binary does not allow.
/// </summary>
internal sealed record SerilogLevels(LogEventLevel? Default, IReadOnlyList<KeyValuePair<string, LogEventLevel>> Overrides)
{
    private const string Section = "Serilog:MinimumLevel";

    /// <summary>Reads and checks the keys up front, so a misspelt level stops start-up with one line naming the key.</summary>
    public static SerilogLevels Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        LogEventLevel? level = null;
        if (section.Value is { Length: > 0 } plain)
        {
            level = Parse(Section, plain);
        }

        if (section["Default"] is { Length: > 0 } value)
        {
            level = Parse($"{Section}:Default", value);
        }

        var overrides = section.GetSection("Override").GetChildren()
            .Where(c => !string.IsNullOrEmpty(c.Value))
            .Select(c => KeyValuePair.Create(c.Key, Parse($"{Section}:Override:{c.Key}", c.Value!)))
            .ToList();
        return new SerilogLevels(level, overrides);
    }

    /// <summary>Applies the configured levels after the built-in defaults, so they win.</summary>
    public LoggerConfiguration ApplyTo(LoggerConfiguration logger)
    {
        if (Default is { } level)
        {
            logger.MinimumLevel.Is(level);
        }

        foreach (var (category, categoryLevel) in Overrides)
        {
            logger.MinimumLevel.Override(category, categoryLevel);
        }

        return logger;
    }

    private static LogEventLevel Parse(string key, string value) =>
        !int.TryParse(value, out _) && Enum.TryParse<LogEventLevel>(value, ignoreCase: true, out var level)
            ? level
            : throw new WebhookConfigurationException(
                $"{key} \"{value}\" is invalid: expected one of {string.Join(", ", Enum.GetNames<LogEventLevel>())}");
}
