using System.Buffers;
using System.Text;
using System.Text.Json;

namespace PodIdentity.Core.Providers.Gcp;

/// <summary>
/// The external_account credential configuration Google's client libraries and gcloud read, as
/// <c>gcloud iam workload-identity-pools create-cred-config</c> writes it: compact, keys in a fixed
/// order, so the same inputs always give the same bytes (the pod annotation compare is exact).
/// </summary>
public static class GcpCredentialConfig
{
    public const string SubjectTokenType = "urn:ietf:params:oauth:token-type:jwt";
    public const string TokenUrl = "https://sts.googleapis.com/v1/token";
    public const string ImpersonationUrlPrefix = "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/";
    public const string ImpersonationUrlSuffix = ":generateAccessToken";

    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText ExternalAccount = JsonEncodedText.Encode("external_account");
    private static readonly JsonEncodedText Audience = JsonEncodedText.Encode("audience");
    private static readonly JsonEncodedText SubjectTokenTypeName = JsonEncodedText.Encode("subject_token_type");
    private static readonly JsonEncodedText SubjectTokenTypeValue = JsonEncodedText.Encode(SubjectTokenType);
    private static readonly JsonEncodedText TokenUrlName = JsonEncodedText.Encode("token_url");
    private static readonly JsonEncodedText TokenUrlValue = JsonEncodedText.Encode(TokenUrl);
    private static readonly JsonEncodedText CredentialSource = JsonEncodedText.Encode("credential_source");
    private static readonly JsonEncodedText File = JsonEncodedText.Encode("file");
    private static readonly JsonEncodedText Format = JsonEncodedText.Encode("format");
    private static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");
    private static readonly JsonEncodedText ImpersonationUrl = JsonEncodedText.Encode("service_account_impersonation_url");
    private static readonly JsonEncodedText Impersonation = JsonEncodedText.Encode("service_account_impersonation");
    private static readonly JsonEncodedText TokenLifetime = JsonEncodedText.Encode("token_lifetime_seconds");

    /// <param name="providerName">"projects/&lt;number&gt;/locations/…/providers/…" (relative resource name).</param>
    /// <param name="tokenFile">Where the projected ServiceAccount token is mounted.</param>
    /// <param name="serviceAccountEmail">Google service account to impersonate; null for direct resource access.</param>
    /// <param name="impersonationLifetimeSeconds">Only written when asked for, and only with an email.</param>
    public static string Create(string providerName, string tokenFile, string? serviceAccountEmail, long? impersonationLifetimeSeconds)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(Type, ExternalAccount);
            writer.WriteString(Audience, GcpWorkloadIdentity.ResourcePrefix + providerName);
            writer.WriteString(SubjectTokenTypeName, SubjectTokenTypeValue);
            writer.WriteString(TokenUrlName, TokenUrlValue);
            writer.WriteStartObject(CredentialSource);
            writer.WriteString(File, tokenFile);
            writer.WriteStartObject(Format);
            writer.WriteString(Type, Text);
            writer.WriteEndObject();
            writer.WriteEndObject();
            if (serviceAccountEmail is not null)
            {
                writer.WriteString(ImpersonationUrl, ImpersonationUrlPrefix + serviceAccountEmail + ImpersonationUrlSuffix);
                if (impersonationLifetimeSeconds is { } lifetime)
                {
                    writer.WriteStartObject(Impersonation);
                    writer.WriteNumber(TokenLifetime, lifetime);
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
