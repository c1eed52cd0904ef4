using PodIdentity.Webhook.Observability;
using Serilog.Events;
using Serilog.Parsing;

namespace PodIdentity.Webhook.Tests.Observability;

/// <summary>Issue 14 item 2: in the console format a line break in a logged value once forged a log line.</summary>
public sealed class OneLineValuesEnricherTests
{
    [Fact]
    public void String_values_with_control_characters_are_escaped_and_others_left_alone()
    {
        var template = new MessageTemplateParser().Parse("Review {Uid} pod {Pod} key {Key} count {Count}");
        var logEvent = new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, template,
        [
            new LogEventProperty("Uid", new ScalarValue("u\n[12:00:00 INF] forged")),
            new LogEventProperty("Pod", new ScalarValue("web")),
            new LogEventProperty("Key", new ScalarValue("a\u001b[2Kb")),
            new LogEventProperty("Count", new ScalarValue(3)),
        ]);
        var pod = logEvent.Properties["Pod"];

        new OneLineValuesEnricher().Enrich(logEvent, null!);

        var rendered = logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("Review \"u\\n[12:00:00 INF] forged\" pod \"web\" key \"a\\u001b[2Kb\" count 3", rendered);
        Assert.DoesNotContain('\n', rendered);
        Assert.Same(pod, logEvent.Properties["Pod"]);
    }
}
