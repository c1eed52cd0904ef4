using Microsoft.Extensions.Configuration;
using PodIdentity.Webhook.Observability;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace PodIdentity.Webhook.Tests.Observability;

public sealed class SerilogLevelsTests
{
    [Fact]
    public void Default_and_override_levels_from_configuration_decide_what_is_written()
    {
        var levels = SerilogLevels.Read(Configuration(
            ("Serilog:MinimumLevel:Default", "Warning"),
            ("Serilog:MinimumLevel:Override:PodIdentity.Webhook.ServiceAccounts", "debug")));
        var sink = new CollectingSink();
        using var logger = levels.ApplyTo(new LoggerConfiguration().MinimumLevel.Information()).WriteTo.Sink(sink).CreateLogger();

        logger.ForContext(Constants.SourceContextPropertyName, "PodIdentity.Webhook.Admission").Information("review");
        logger.ForContext(Constants.SourceContextPropertyName, "PodIdentity.Webhook.Admission").Warning("slow");
        logger.ForContext(Constants.SourceContextPropertyName, "PodIdentity.Webhook.ServiceAccounts.Informer").Debug("bookmark");

        Assert.Equal(["slow", "bookmark"], sink.Messages);
    }

    [Fact]
    public void A_plain_MinimumLevel_value_sets_the_default()
    {
        var levels = SerilogLevels.Read(Configuration(("Serilog:MinimumLevel", "Error")));

        Assert.Equal(LogEventLevel.Error, levels.Default);
        Assert.Empty(levels.Overrides);
    }

    [Fact]
    public void No_Serilog_section_keeps_the_built_in_levels()
    {
        var levels = SerilogLevels.Read(Configuration());

        Assert.Null(levels.Default);
        Assert.Empty(levels.Overrides);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    private sealed class CollectingSink : ILogEventSink
    {
        public List<string> Messages { get; } = [];

        public void Emit(LogEvent logEvent) => Messages.Add(logEvent.MessageTemplate.Text);
    }
}
