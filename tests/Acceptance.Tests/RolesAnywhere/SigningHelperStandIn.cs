using System.Globalization;
using System.Text;

namespace PodIdentity.Acceptance.Tests.RolesAnywhere;

/// <summary>
/// A stand-in for aws_signing_helper: a script that exits with a message on stderr unless it was given exactly
/// the expected arguments and the certificate and key files at the given paths hold the expected PEM, and
/// then prints credential_process JSON (Version 1) as the real helper does after CreateSession.
/// </summary>
internal static class SigningHelperStandIn
{
    public const string AccessKeyId = "ASIAROLESANYWHERE001";
    public const string SecretAccessKey = "cm9sZXNhbnl3aGVyZS1zdGFuZC1pbi1zZWNyZXQ";
    public const string SessionToken = "IQoJb3JpZ2luX2VjEHJvbGVzYW55d2hlcmUtc3RhbmQtaW4tc2Vzc2lvbg==";

    /// <summary>Writes the script to <paramref name="path"/> (executable), as the copier init container would put the real helper there.</summary>
    public static void Write(string path, string expectedArguments, string certificatePem, string privateKeyPem, DateTimeOffset expiration)
    {
        // PEM and ARNs hold no single quotes, so single-quoted shell strings keep them verbatim.
        var script = new StringBuilder()
            .Append("#!/bin/sh\n")
            .Append("expected='").Append(expectedArguments).Append("'\n")
            .Append("if [ \"$*\" != \"$expected\" ]; then echo \"stand-in aws_signing_helper: arguments were: $*\" >&2; echo \"expected: $expected\" >&2; exit 3; fi\n")
            .Append("if [ \"$(cat \"$3\")\" != '").Append(certificatePem.TrimEnd('\n')).Append("' ]; then echo \"stand-in aws_signing_helper: $3 is not the Secret's tls.crt\" >&2; exit 4; fi\n")
            .Append("if [ \"$(cat \"$5\")\" != '").Append(privateKeyPem.TrimEnd('\n')).Append("' ]; then echo \"stand-in aws_signing_helper: $5 is not the Secret's tls.key\" >&2; exit 5; fi\n")
            .Append("printf '%s' '{\"Version\":1,\"AccessKeyId\":\"").Append(AccessKeyId)
            .Append("\",\"SecretAccessKey\":\"").Append(SecretAccessKey)
            .Append("\",\"SessionToken\":\"").Append(SessionToken)
            .Append("\",\"Expiration\":\"").Append(expiration.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Append("\"}'\n");
        File.WriteAllText(path, script.ToString());
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the acceptance suite runs on Linux (mount namespaces)");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }
}
