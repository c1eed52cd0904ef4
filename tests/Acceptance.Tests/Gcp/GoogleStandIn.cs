using System.Globalization;
using PodIdentity.Acceptance.Tests.Harness;

namespace PodIdentity.Acceptance.Tests.Gcp;

/// <summary>Google STS token exchange, IAM Credentials generateAccessToken and the OAuth token endpoint, under their real host names.</summary>
internal static class GoogleStandIn
{
    public const string StsHost = "sts.googleapis.com";
    public const string StsPath = "/v1/token";
    public const string IamCredentialsHost = "iamcredentials.googleapis.com";
    public const string OAuthHost = "oauth2.googleapis.com";
    public const string OAuthPath = "/token";

    public const string FederatedToken = "ya29.acceptance-federated";
    public const string ImpersonatedToken = "ya29.acceptance-impersonated";
    public const string UserToken = "ya29.acceptance-user";

    public static string GenerateAccessTokenPath(string email) => $"/v1/projects/-/serviceAccounts/{email}:generateAccessToken";

    public static void Map(CloudStandIn standIn, string? impersonatedEmail = null)
    {
        standIn.Map(StsPath, _ => Reply.Json($$"""
            {"access_token":"{{FederatedToken}}","issued_token_type":"urn:ietf:params:oauth:token-type:access_token","token_type":"Bearer","expires_in":3600}
            """), StsHost);
        standIn.Map(OAuthPath, _ => Reply.Json($$"""
            {"access_token":"{{UserToken}}","token_type":"Bearer","expires_in":3600}
            """), OAuthHost);
        if (impersonatedEmail is not null)
        {
            var expires = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            standIn.Map(GenerateAccessTokenPath(impersonatedEmail), _ => Reply.Json($$"""
                {"accessToken":"{{ImpersonatedToken}}","expireTime":"{{expires}}"}
                """), IamCredentialsHost);
        }
    }
}
