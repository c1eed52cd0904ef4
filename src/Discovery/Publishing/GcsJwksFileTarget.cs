using System.Text.Json.Nodes;
using PodIdentity.Discovery.Oidc;

namespace PodIdentity.Discovery.Publishing;

/// <summary>
/// Writes the JWKS for `gcloud iam workload-identity-pools providers update-oidc --jwk-json-path`:
/// only the members GCP accepts, since it refuses unknown ones such as x5c.
/// </summary>
internal sealed class GcsJwksFileTarget(string path) : IPublishTarget
{
    private static readonly string[] AllowedMembers = ["kty", "alg", "use", "kid", "n", "e", "crv", "x", "y"];
    private string? _lastWritten;

    public string Name => "gcs-jwks-file";

    public Task<PublishedState?> ReadBackAsync(CheckedDocuments current, CancellationToken cancellationToken) =>
        Task.FromResult<PublishedState?>(null);

    public async Task<bool> PublishAsync(PublishedDocuments documents, CancellationToken cancellationToken)
    {
        var text = Shape(documents.State);
        if (text == _lastWritten)
        {
            return false;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        await File.WriteAllTextAsync(temp, text, cancellationToken);
        // Rename so gcloud never reads a half-written file.
        File.Move(temp, path, overwrite: true);
        _lastWritten = text;
        return true;
    }

    public void Invalidate() => _lastWritten = null;

    public static string Shape(PublishedState state)
    {
        var keys = new JsonArray();
        foreach (var key in state.Keys)
        {
            var shaped = new JsonObject();
            foreach (var member in AllowedMembers)
            {
                if (key.Jwk.TryGetPropertyValue(member, out var value) && value is not null)
                {
                    shaped[member] = value.DeepClone();
                }
            }

            keys.Add(shaped);
        }

        return new JsonObject { ["keys"] = keys }.ToJsonString(JsonOptions.Indented) + "\n";
    }
}
