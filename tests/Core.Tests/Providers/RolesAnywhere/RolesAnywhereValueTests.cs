using PodIdentity.Core.Providers.RolesAnywhere;

namespace PodIdentity.Core.Tests.Providers.RolesAnywhere;

/// <summary>The parsers behind the annotation rules, on the edges the fixtures do not walk.</summary>
public sealed class RolesAnywhereValueTests
{
    [Theory]
    [InlineData(RolesAnywhereArn.TrustAnchorExample, "aws", "us-east-1", "111122223333")]
    [InlineData("arn:aws-us-gov:rolesanywhere:us-gov-west-1:111122223333:trust-anchor/0c9f5b4e-1d2a-4b3c-8e7f-6a5b4c3d2e1f", "aws-us-gov", "us-gov-west-1", "111122223333")]
    [InlineData("arn:aws-cn:rolesanywhere:cn-north-1:111122223333:trust-anchor/0c9f5b4e-1d2a-4b3c-8e7f-6a5b4c3d2e1f", "aws-cn", "cn-north-1", "111122223333")]
    public void Trust_anchor_arns_parse_into_partition_region_and_account(string value, string partition, string region, string account)
    {
        var arn = RolesAnywhereArn.Parse(value, RolesAnywhereArn.TrustAnchor);

        Assert.NotNull(arn);
        Assert.Equal((partition, region, account), (arn.Partition, arn.Region, arn.Account));
        Assert.Null(RolesAnywhereArn.Parse(value, RolesAnywhereArn.Profile));
    }

    [Theory]
    [InlineData("arn:aws:rolesanywhere:us-east-1:11112222333:trust-anchor/0c9f5b4e-1d2a-4b3c-8e7f-6a5b4c3d2e1f")]
    [InlineData("arn:aws:rolesanywhere::111122223333:trust-anchor/0c9f5b4e-1d2a-4b3c-8e7f-6a5b4c3d2e1f")]
    [InlineData("arn:aws:iam::111122223333:trust-anchor/0c9f5b4e-1d2a-4b3c-8e7f-6a5b4c3d2e1f")]
    [InlineData("arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/my-anchor")]
    [InlineData("arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/0C9F5B4E-1D2A-4B3C-8E7F-6A5B4C3D2E1F")]
    [InlineData("arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/0c9f5b4e-1d2a-4b3c-8e7f-6a5b4c3d2e1f ")]
    [InlineData("")]
    public void Malformed_trust_anchor_arns_are_rejected(string value) => Assert.False(RolesAnywhereArn.IsTrustAnchor(value));

    [Theory]
    [InlineData("899", false)]
    [InlineData("900", true)]
    [InlineData("43200", true)]
    [InlineData("43201", false)]
    [InlineData("+3600", false)]
    [InlineData("3600s", false)]
    public void Session_duration_is_what_create_session_accepts(string value, bool valid) =>
        Assert.Equal(valid, RolesAnywhereArn.IsSessionDuration(value));

    [Theory]
    [InlineData("ca", "ca", "Issuer", "cert-manager.io")]
    [InlineData("ClusterIssuer/ca", "ca", "ClusterIssuer", "cert-manager.io")]
    [InlineData("AWSPCAClusterIssuer.awspca.cert-manager.io/my-pca", "my-pca", "AWSPCAClusterIssuer", "awspca.cert-manager.io")]
    [InlineData("Issuer/ca.internal", "ca.internal", "Issuer", "cert-manager.io")]
    public void Issuer_references_default_kind_and_group_as_the_csi_driver_does(string value, string name, string kind, string group) =>
        Assert.Equal(new IssuerReference(name, kind, group), CertificateSource.ParseIssuer(value));

    [Theory]
    [InlineData("")]
    [InlineData("/ca")]
    [InlineData("ClusterIssuer/")]
    [InlineData("clusterIssuer/ca")]
    [InlineData("ClusterIssuer./ca")]
    [InlineData("ClusterIssuer/CA")]
    [InlineData("Cluster Issuer/ca")]
    [InlineData("ClusterIssuer/ca/extra")]
    public void Malformed_issuer_references_are_rejected(string value) => Assert.Null(CertificateSource.ParseIssuer(value));

    [Fact]
    public void Config_line_has_every_argument_the_helper_needs_and_the_duration_only_when_asked()
    {
        var without = RolesAnywhereAwsConfig.Create("/h/aws_signing_helper", "/c", "arn:a", "arn:p", "arn:r", null);
        var with = RolesAnywhereAwsConfig.Create("/h/aws_signing_helper", "/c", "arn:a", "arn:p", "arn:r", 900);

        Assert.Equal(
            "[profile rolesanywhere]\ncredential_process = /h/aws_signing_helper credential-process --certificate /c/tls.crt --private-key /c/tls.key " +
            "--trust-anchor-arn arn:a --profile-arn arn:p --role-arn arn:r\n",
            without);
        Assert.EndsWith(" --role-arn arn:r --session-duration 900\n", with, StringComparison.Ordinal);
    }
}
