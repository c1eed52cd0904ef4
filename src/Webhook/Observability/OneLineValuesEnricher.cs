using PodIdentity.Core.Text;
using Serilog.Core;
using Serilog.Events;

namespace PodIdentity.Webhook.Observability;

/// <summary>
/// For the console format only: string property values are rendered as they are there (<c>{Message:lj}</c>),
/// so a <c>\n</c> in a uid, a pod name or an annotation key would start a line of its own that looks like
/// another event. Such values are replaced by their escaped form (<see cref="SafeText"/>: <c>\n</c>,
/// <c>\u001b</c>, bounded). The JSON format needs none of this: JSON escapes control characters itself.
/// </summary>
internal sealed class OneLineValuesEnricher : ILogEventEnricher
{
    /// <summary>Long enough for any message this process writes; stops a value from filling a terminal.</summary>
    private const int MaxLength = 4096;

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? replaced = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (value is ScalarValue { Value: string text } && !SafeText.IsSafe(text, MaxLength))
            {
                (replaced ??= []).Add(new LogEventProperty(name, new ScalarValue(SafeText.Bound(text, MaxLength))));
            }
        }

        if (replaced is not null)
        {
            foreach (var property in replaced)
            {
                logEvent.AddOrUpdateProperty(property);
            }
        }
    }
}
