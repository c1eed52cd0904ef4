using System.Globalization;
using System.Text;

namespace PodIdentity.Core.Providers.RolesAnywhere;

/// <summary>
/// The AWS shared config file the pod reads through AWS_CONFIG_FILE: one profile whose credential_process
/// runs the signing helper with the mounted certificate and the ServiceAccount's ARNs. The SDKs run it
/// when they need credentials and again before the vended session expires; the helper reads the
/// certificate files at each run, so a certificate cert-manager renewed is picked up without a restart.
/// </summary>
public static class RolesAnywhereAwsConfig
{
    public const string ProfileName = "rolesanywhere";

    /// <param name="helperPath">The signing helper binary in the app container.</param>
    /// <param name="certificateDirectory">Mount path of the certificate volume (tls.crt, tls.key).</param>
    /// <param name="sessionDurationSeconds">Null: the helper's default (3600 s).</param>
    public static string Create(string helperPath, string certificateDirectory, string trustAnchorArn, string profileArn, string roleArn, long? sessionDurationSeconds)
    {
        // Every part is validated to be free of spaces and quotes (ARNs by pattern, paths by the options
        // validator), so the line needs no quoting for the SDKs that split it on whitespace.
        var text = new StringBuilder(512)
            .Append("[profile ").Append(ProfileName).Append("]\n")
            .Append("credential_process = ").Append(helperPath).Append(" credential-process")
            .Append(" --certificate ").Append(certificateDirectory).Append('/').Append(CertificateSource.CertificateFile)
            .Append(" --private-key ").Append(certificateDirectory).Append('/').Append(CertificateSource.PrivateKeyFile)
            .Append(" --trust-anchor-arn ").Append(trustAnchorArn)
            .Append(" --profile-arn ").Append(profileArn)
            .Append(" --role-arn ").Append(roleArn);
        if (sessionDurationSeconds is { } seconds)
        {
            text.Append(" --session-duration ").Append(seconds.ToString(CultureInfo.InvariantCulture));
        }

        return text.Append('\n').ToString();
    }
}
