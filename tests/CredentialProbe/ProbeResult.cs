using System.Text.Json;
using System.Text.Json.Nodes;

namespace PodIdentity.CredentialProbe;

/// <summary>What a probe resolved, written as one JSON object on stdout for the test to read.</summary>
internal static class ProbeResult
{
    public static int Write(JsonObject result)
    {
        Console.Out.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        return 0;
    }
}
