namespace PodIdentity.Core.Providers.RolesAnywhere;

/// <summary>
/// Configuration section "RolesAnywhere": AWS IAM Roles Anywhere from a cert-manager X.509 certificate,
/// through the signing helper's <c>credential_process</c>. Off by default: it needs cert-manager (and,
/// for per-pod certificates, its CSI driver) and the helper image in the cluster.
/// </summary>
/// <remarks>String settings never hold null: a key bound to null (e.g. an empty Helm value) reads as "".</remarks>
public sealed class RolesAnywhereOptions
{
    public const string Section = "RolesAnywhere";

    public const string InitContainerDelivery = "InitContainer";

    public const string ImageVolumeDelivery = "ImageVolume";

    public bool Enabled { get; set; }

    /// <summary>Prefix of the ServiceAccount annotations: &lt;prefix&gt;/trust-anchor-arn, /profile-arn, /role-arn, …</summary>
    public string AnnotationPrefix { get; set => field = value ?? ""; } = "rolesanywhere.amazonaws.com";

    /// <summary>
    /// Image with the signing helper at /aws_signing_helper and a static copier at /bin/cp (the Dockerfile's
    /// "signing-helper" target). Pin it by digest in production: every pod runs what it contains.
    /// </summary>
    public string HelperImage { get; set => field = value ?? ""; } = "ghcr.io/pod-identity/aws-signing-helper:1.4.0";

    /// <summary>
    /// How the helper reaches the app containers: "InitContainer" (default; any Kubernetes version) copies it
    /// into an emptyDir; "ImageVolume" mounts the image itself (Kubernetes 1.31+ with the ImageVolume feature gate).
    /// </summary>
    public string HelperDelivery { get; set => field = value ?? ""; } = InitContainerDelivery;

    /// <summary>Where the helper directory is mounted (read-only) in app containers.</summary>
    public string HelperMountPath { get; set => field = value ?? ""; } = "/var/run/secrets/rolesanywhere.amazonaws.com/helper";

    /// <summary>Where the certificate (tls.crt, tls.key) is mounted (read-only) in app containers.</summary>
    public string CertificateMountPath { get; set => field = value ?? ""; } = "/var/run/secrets/rolesanywhere.amazonaws.com/certificate";

    /// <summary>Lifetime of per-pod certificates from the cert-manager CSI driver (a Go duration).</summary>
    public string CertificateDuration { get; set => field = value ?? ""; } = "24h";

    /// <summary>When the CSI driver renews a per-pod certificate before it expires; empty: the driver's default (at two thirds of the lifetime).</summary>
    public string CertificateRenewBefore { get; set => field = value ?? ""; } = "";
}
