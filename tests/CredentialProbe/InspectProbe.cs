using System.Collections;
using System.Text.Json.Nodes;

namespace PodIdentity.CredentialProbe;

/// <summary>
/// <c>inspect [PATH]...</c>: no SDK, for the harness's own tests: the process environment as it arrived and,
/// per absolute path, the file's contents and whether it can be written (mounts are read-only, as in the pod).
/// </summary>
internal sealed class InspectProbe : IProbe
{
    public string Name => "inspect";

    public Task<int> RunAsync(string[] args)
    {
        var environment = new JsonObject();
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            environment[(string)variable.Key] = (string?)variable.Value;
        }

        var files = new JsonObject();
        foreach (var path in args)
        {
            files[path] = new JsonObject
            {
                ["contents"] = File.Exists(path) ? File.ReadAllText(path) : null,
                ["writable"] = CanWrite(path),
            };
        }

        return Task.FromResult(ProbeResult.Write(new JsonObject { ["environment"] = environment, ["files"] = files }));
    }

    private static bool CanWrite(string path)
    {
        try
        {
            File.AppendAllText(path, "");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
