using System.Text.Json.Nodes;

namespace PodIdentity.Acceptance.Tests.Harness;

/// <summary>The probe's exit code and output; <see cref="Result"/> is its JSON line.</summary>
internal sealed record ProbeRun(int ExitCode, string Stdout, string Stderr)
{
    public JsonObject Result
    {
        get
        {
            Assert.True(ExitCode == 0, $"the credential probe failed with exit code {ExitCode}:\n{Stderr}\n{Stdout}");
            var line = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            return JsonNode.Parse(line ?? throw new InvalidOperationException($"the probe wrote nothing on stdout; stderr:\n{Stderr}"))!.AsObject();
        }
    }
}
