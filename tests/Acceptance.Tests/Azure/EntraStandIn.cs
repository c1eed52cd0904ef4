using PodIdentity.Acceptance.Tests.Harness;

namespace PodIdentity.Acceptance.Tests.Azure;

/// <summary>
/// Microsoft Entra's v2.0 token endpoint for one tenant, under the authority host's real name (reached through
/// the CONNECT proxy): the client-credentials grant with a client assertion, answered as Entra answers it.
/// </summary>
internal static class EntraStandIn
{
    public const string AccessToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.eyJhdWQiOiJodHRwczovL3N0b3JhZ2UuYXp1cmUuY29tIn0.acceptance-entra-access-token";

    public static string TokenPath(string tenantId) => $"/{tenantId}/oauth2/v2.0/token";

    public const string InstanceDiscoveryPath = "/common/discovery/instance";

    /// <summary>
    /// Entra's instance discovery answer (the same on every cloud's host): each cloud's preferred network host
    /// and its aliases. MSAL asks it once per process before the first token request.
    /// </summary>
    private const string InstanceDiscovery = """
        {"tenant_discovery_endpoint":"https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration","api-version":"1.1","metadata":[
        {"preferred_network":"login.microsoftonline.com","preferred_cache":"login.windows.net","aliases":["login.microsoftonline.com","login.windows.net","login.microsoft.com","sts.windows.net"]},
        {"preferred_network":"login.partner.microsoftonline.cn","preferred_cache":"login.partner.microsoftonline.cn","aliases":["login.partner.microsoftonline.cn","login.chinacloudapi.cn"]},
        {"preferred_network":"login.microsoftonline.us","preferred_cache":"login.microsoftonline.us","aliases":["login.microsoftonline.us","login.usgovcloudapi.net"]},
        {"preferred_network":"login-us.microsoftonline.com","preferred_cache":"login-us.microsoftonline.com","aliases":["login-us.microsoftonline.com"]}]}
        """;

    /// <param name="tokenHost">Where the token is requested: the authority host's preferred network host.</param>
    public static void Map(CloudStandIn standIn, string tokenHost, string tenantId)
    {
        standIn.Map(InstanceDiscoveryPath, _ => Reply.Json(InstanceDiscovery));
        standIn.Map(TokenPath(tenantId), _ => Reply.Json(
            $$"""{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"{{AccessToken}}"}"""),
            tokenHost);
    }
}
