using System.Text.Json.Nodes;
using Google.Apis.Auth.OAuth2;

namespace PodIdentity.CredentialProbe;

/// <summary>
/// <c>gcp [--scope SCOPE]...</c>: Google.Apis.Auth's application default credentials
/// (GOOGLE_APPLICATION_CREDENTIALS first), scoped as an application would scope them, then one access token.
/// </summary>
internal sealed class GcpProbe : IProbe
{
    public string Name => "gcp";

    public async Task<int> RunAsync(string[] args)
    {
        if (args is ["--sdk-log", ..])
        {
            // What a user gets from ApplicationContext.RegisterLogger; Google's ConsoleLogger writes to stderr.
            args = args[1..];
            Google.ApplicationContext.RegisterLogger(new Google.Apis.Logging.ConsoleLogger(Google.Apis.Logging.LogLevel.All));
        }

        var scopes = new List<string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] != "--scope")
            {
                throw new ArgumentException($"unknown argument \"{args[i]}\"; expected --scope <scope>");
            }

            scopes.Add(args[i + 1]);
        }

        var credential = await GoogleCredential.GetApplicationDefaultAsync();
        if (scopes.Count > 0)
        {
            credential = credential.CreateScoped(scopes);
        }

        var token = await credential.UnderlyingCredential.GetAccessTokenForRequestAsync();
        return ProbeResult.Write(new JsonObject
        {
            ["source"] = credential.UnderlyingCredential.GetType().Name,
            ["accessToken"] = token,
        });
    }
}
