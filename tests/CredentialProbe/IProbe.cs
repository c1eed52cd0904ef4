namespace PodIdentity.CredentialProbe;

/// <summary>
/// One cloud's check: resolve credentials through the SDK's default chain from the process
/// environment alone, and write what was resolved as one JSON object on stdout.
/// </summary>
internal interface IProbe
{
    /// <summary>The first command-line argument that selects this probe, e.g. "aws".</summary>
    string Name { get; }

    /// <summary>Exit code 0 when credentials were resolved; anything else prints the SDK's error on stderr.</summary>
    Task<int> RunAsync(string[] args);
}
