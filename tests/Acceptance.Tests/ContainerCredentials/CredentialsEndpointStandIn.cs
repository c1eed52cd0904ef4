using System.Globalization;
using PodIdentity.Acceptance.Tests.Harness;

namespace PodIdentity.Acceptance.Tests.ContainerCredentials;

/// <summary>A container-credentials endpoint: GET with the token as Authorization, JSON credentials back (the ECS/EKS Pod Identity format).</summary>
internal static class CredentialsEndpointStandIn
{
    public const string AccessKeyId = "ASIAACCEPTANCECONTAINER";
    public const string SecretAccessKey = "acceptance-container-secret";
    public const string SessionToken = "acceptance-container-session-token";

    public static void Map(CloudStandIn standIn, string path) => standIn.Map(path, request => request.Method != "GET"
        ? new Reply(405, "text/plain", $"container credentials are fetched with GET, not {request.Method}")
        : Reply.Json($$"""
            {"AccessKeyId":"{{AccessKeyId}}","SecretAccessKey":"{{SecretAccessKey}}","Token":"{{SessionToken}}","Expiration":"{{DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}}"}
            """));
}
