using System.Security;
using PodIdentity.Acceptance.Tests.Harness;

namespace PodIdentity.Acceptance.Tests.Aws;

/// <summary>AssumeRoleWithWebIdentity as AWS STS answers it (query protocol, XML), with an access key id s3rver knows.</summary>
internal static class StsStandIn
{
    public const string SessionToken = "acceptance-sts-session-token";

    /// <summary>Not s3rver's own secret: s3rver does not check signatures, the test's SigV4 gate does.</summary>
    public const string SecretAccessKey = "acceptance-sts-secret";

    public static void Map(CloudStandIn standIn) => standIn.Map("/", request =>
    {
        var form = request.Form;
        if (form.GetValueOrDefault("Action") != "AssumeRoleWithWebIdentity")
        {
            return new Reply(400, "text/plain", $"the stand-in STS answers AssumeRoleWithWebIdentity only, not {form.GetValueOrDefault("Action")}");
        }

        var role = form["RoleArn"];
        var session = form["RoleSessionName"];
        var account = role.Split(':')[4];
        var roleName = role[(role.LastIndexOf('/') + 1)..];
        var expiration = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        return Reply.Xml($"""
            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleWithWebIdentityResult>
                <SubjectFromWebIdentityToken>acceptance</SubjectFromWebIdentityToken>
                <Audience>sts.amazonaws.com</Audience>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::{account}:assumed-role/{SecurityElement.Escape(roleName)}/{SecurityElement.Escape(session)}</Arn>
                  <AssumedRoleId>AROAACCEPTANCE:{SecurityElement.Escape(session)}</AssumedRoleId>
                </AssumedRoleUser>
                <Credentials>
                  <SessionToken>{SessionToken}</SessionToken>
                  <SecretAccessKey>{SecretAccessKey}</SecretAccessKey>
                  <Expiration>{expiration}</Expiration>
                  <AccessKeyId>{S3rver.AccessKey}</AccessKeyId>
                </Credentials>
                <Provider>{ServiceAccountTokens.Issuer}</Provider>
              </AssumeRoleWithWebIdentityResult>
              <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>
            </AssumeRoleWithWebIdentityResponse>
            """);
    });
}
