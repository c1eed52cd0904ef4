using System.Text.RegularExpressions;

namespace PodIdentity.Core.Providers.RolesAnywhere;

/// <summary>
/// Where the pod's certificate comes from: a kubernetes.io/tls Secret that a cert-manager Certificate keeps
/// renewed, or a cert-manager issuer that the CSI driver asks for a per-pod certificate.
/// </summary>
public static partial class CertificateSource
{
    public const string CertificateFile = "tls.crt";

    public const string PrivateKeyFile = "tls.key";

    public const string CsiDriver = "csi.cert-manager.io";

    public const string DefaultIssuerKind = "Issuer";

    public const string DefaultIssuerGroup = "cert-manager.io";

    /// <summary>Digital signature is what Roles Anywhere checks; client auth as in the cert-manager guide.</summary>
    public const string KeyUsages = "digital signature,key encipherment,client auth";

    public const string SecretExpected =
        "the name of a Secret in the pod's namespace with tls.crt and tls.key (a cert-manager Certificate's secretName; lowercase letters, digits, '-' and '.'), e.g. \"app-rolesanywhere\"";

    public const string IssuerExpected =
        "a cert-manager issuer as [<Kind>[.<group>]/]<name> (Kind Issuer and group cert-manager.io when left out), e.g. \"ClusterIssuer/rolesanywhere-ca\" or \"AWSPCAClusterIssuer.awspca.cert-manager.io/my-pca\"";

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Kind();

    /// <summary>A Secret name (and issuer name): a DNS-1123 subdomain.</summary>
    public static bool IsSecretName(string value) => value.Length <= 253 && Dns1123Subdomain().IsMatch(value);

    public static bool IsIssuer(string value) => ParseIssuer(value) is not null;

    /// <summary>The issuer named by the annotation, or null when the value does not name one.</summary>
    public static IssuerReference? ParseIssuer(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var name = value[(slash + 1)..];
        if (!IsSecretName(name))
        {
            return null;
        }

        if (slash < 0)
        {
            return new IssuerReference(name, DefaultIssuerKind, DefaultIssuerGroup);
        }

        var kindAndGroup = value[..slash];
        var dot = kindAndGroup.IndexOf('.', StringComparison.Ordinal);
        var kind = dot < 0 ? kindAndGroup : kindAndGroup[..dot];
        var group = dot < 0 ? DefaultIssuerGroup : kindAndGroup[(dot + 1)..];
        return Kind().IsMatch(kind) && IsSecretName(group) ? new IssuerReference(name, kind, group) : null;
    }
}

/// <summary>A cert-manager issuer: the CSI driver's issuer-name, issuer-kind and issuer-group.</summary>
public sealed record IssuerReference(string Name, string Kind, string Group);
