using System.Text.Json;
using PodIdentity.Webhook.Admission;
using PodIdentity.Webhook.Tests.Hosting;
using PodIdentity.Webhook.Tests.Support;

namespace PodIdentity.Webhook.Tests.Observability;

/// <summary>
/// <c>Logging:Format json</c> in the Native AOT binary the image ships: Serilog's compact JSON
/// formatter behind the async sink and the console sink, trimmed and compiled ahead of time, writing
/// real stdout, and what is still queued at SIGTERM written out before the process exits.
/// </summary>
[Collection(NativeBinaryGroup.Name)]
public sealed class JsonLogNativeTests(NativeWebhookBinary binary)
{
    [Fact]
    public async Task Json_format_writes_one_compact_JSON_object_per_line_up_to_the_last_event_at_stop()
    {
        var demoOutput = Path.Combine(Path.GetTempPath(), $"native-json-log-{Guid.NewGuid():N}");
        using var webhook = NativeProcess.Start(binary.Path,
            ["serve", "--demo", "--urls", "https://127.0.0.1:0", "--Demo:OutputDirectory", demoOutput, "--Logging:Format", "json"]);
        try
        {
            await Eventually.TrueAsync(() => webhook.Output.Contains("Sample review posted", StringComparison.Ordinal) || webhook.HasExited, "the demo's sample review", 60);
            Assert.Equal(0, webhook.Terminate(TimeSpan.FromSeconds(60)));

            // The demo's banner and its indented JSON patch share stdout; log events are the lines that open with @t.
            var events = webhook.Output.Split('\n').Where(l => l.StartsWith("{\"@t\":", StringComparison.Ordinal)).Select(Parse).ToList();
            Assert.All(events, e =>
            {
                Assert.True(e.TryGetProperty("@t", out _), e.ToString());
                Assert.True(e.TryGetProperty("@mt", out _), e.ToString());
                Assert.Equal(JsonValueKind.String, e.GetProperty("SourceContext").ValueKind);
            });

            var review = Assert.Single(events, e => EventId(e) == ReviewLog.EventId);
            Assert.Equal(ReviewLog.Template, review.GetProperty("@mt").GetString());
            Assert.Equal(ReviewLog.EventName, review.GetProperty("EventId").GetProperty("Name").GetString());
            Assert.Equal(ReviewLog.Category, review.GetProperty("SourceContext").GetString());
            Assert.Equal("CREATE", review.GetProperty("Operation").GetString());
            Assert.Equal(JsonValueKind.Number, review.GetProperty("DurationMs").ValueKind);

            // Logged while the host stops, after SIGTERM: written before the process exited.
            Assert.Contains(events, e => e.GetProperty("@mt").GetString() == "Application is shutting down...");
        }
        finally
        {
            if (Directory.Exists(demoOutput))
            {
                Directory.Delete(demoOutput, recursive: true);
            }
        }
    }

    private static JsonElement Parse(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"not a JSON line ({e.Message}): {line}");
        }
    }

    private static int? EventId(JsonElement line) =>
        line.TryGetProperty("EventId", out var id) && id.ValueKind == JsonValueKind.Object ? id.GetProperty("Id").GetInt32() : null;
}
