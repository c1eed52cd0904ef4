using System.Diagnostics.Tracing;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Diagnostics;
using Azure.Identity;

namespace PodIdentity.CredentialProbe;

/// <summary>
/// <c>azure [--sdk-log] [--credential default|workload] [--scope SCOPE]</c>: Azure.Identity's DefaultAzureCredential (the
/// chain applications use; WorkloadIdentityCredential is its second link, after EnvironmentCredential) or
/// WorkloadIdentityCredential itself, both built with no arguments, so client, tenant, token file and authority
/// host all come from the environment; then one access token for the scope.
/// </summary>
internal sealed class AzureProbe : IProbe
{
    public string Name => "azure";

    public async Task<int> RunAsync(string[] args)
    {
        // What a user gets from an AzureEventSourceListener at Verbose, on stderr (stdout carries the result).
        using var log = args is ["--sdk-log", ..]
            ? new AzureEventSourceListener((e, message) => Console.Error.WriteLine($"[{e.EventSource.Name}] {message}"), EventLevel.Verbose)
            : null;
        args = log is null ? args : args[1..];

        var kind = "default";
        var scope = "https://storage.azure.com/.default";
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--credential":
                    kind = args[i + 1];
                    break;
                case "--scope":
                    scope = args[i + 1];
                    break;
                default:
                    throw new ArgumentException($"unknown argument \"{args[i]}\"; expected --credential default|workload or --scope <scope>");
            }
        }

        TokenCredential credential = kind switch
        {
            "default" => new DefaultAzureCredential(),
            "workload" => new WorkloadIdentityCredential(),
            _ => throw new ArgumentException($"unknown credential \"{kind}\"; expected default or workload"),
        };

        var token = await credential.GetTokenAsync(new TokenRequestContext([scope]), CancellationToken.None);
        return ProbeResult.Write(new JsonObject
        {
            ["source"] = credential.GetType().Name,
            ["accessToken"] = token.Token,
            ["expiresOn"] = token.ExpiresOn.ToUnixTimeSeconds(),
        });
    }
}
