using PodIdentity.Core.Providers;
using PodIdentity.Core.Providers.RolesAnywhere;

namespace PodIdentity.Core.Tests.Providers.RolesAnywhere;

public sealed class RolesAnywhereOptionsValidatorTests
{
    private static IReadOnlyList<string> Validate(RolesAnywhereOptions options) => RolesAnywhereProvider.Descriptor.Validate(options);

    [Fact]
    public void Defaults_are_valid_and_off()
    {
        var options = new RolesAnywhereOptions();

        Assert.Empty(Validate(options));
        Assert.Equal("RolesAnywhere", RolesAnywhereProvider.Descriptor.Section);
        Assert.False(RolesAnywhereProvider.Descriptor.IsEnabled(options));
        Assert.Equal("rolesanywhere.amazonaws.com", options.AnnotationPrefix);
        Assert.Equal("InitContainer", options.HelperDelivery);
        Assert.Single(ProviderCatalog.All, d => d.Section == "RolesAnywhere");
    }

    [Theory]
    [InlineData("Sidecar")]
    [InlineData("imagevolume")]
    [InlineData("")]
    public void Helper_delivery_is_one_of_two(string value) =>
        Assert.Equal(
            [$"RolesAnywhere:HelperDelivery \"{value}\" is invalid: expected \"InitContainer\" (copy the helper into an emptyDir) or \"ImageVolume\" (mount the helper image; Kubernetes 1.31+ with the ImageVolume feature gate)"],
            Validate(new RolesAnywhereOptions { HelperDelivery = value }));

    [Theory]
    [InlineData("")]
    [InlineData("ghcr.io/x/helper:1 ")]
    public void Helper_image_is_a_reference(string value) =>
        Assert.Equal(
            [$"RolesAnywhere:HelperImage \"{value}\" is invalid: expected a container image reference, best pinned by digest, e.g. \"ghcr.io/pod-identity/aws-signing-helper:1.4.0@sha256:<digest>\""],
            Validate(new RolesAnywhereOptions { HelperImage = value }));

    [Theory]
    [InlineData("relative/path")]
    [InlineData("/with space")]
    [InlineData("/quote\"d")]
    [InlineData("/")]
    public void Certificate_mount_path_must_go_unquoted_into_the_config_line(string value) =>
        Assert.Contains(
            $"RolesAnywhere:CertificateMountPath \"{value}\" is invalid: expected an absolute path of letters, digits, '.', '_' and '-', other than the helper and AWS config mount paths, e.g. \"/var/run/secrets/rolesanywhere.amazonaws.com/certificate\"",
            Validate(new RolesAnywhereOptions { CertificateMountPath = value }));

    [Fact]
    public void Mount_paths_must_differ()
    {
        Assert.Equal(
            ["RolesAnywhere:HelperMountPath \"/etc/aws/\" and RolesAnywhere:CertificateMountPath \"/etc/aws\" are invalid: expected two different paths, neither of them /var/run/secrets/rolesanywhere.amazonaws.com/aws-config"],
            Validate(new RolesAnywhereOptions { HelperMountPath = "/etc/aws/", CertificateMountPath = "/etc/aws" }));
        Assert.Single(Validate(new RolesAnywhereOptions { HelperMountPath = RolesAnywhereProvider.AwsConfigMountPath }));
    }

    [Theory]
    [InlineData("24h", "", 0)]
    [InlineData("1h30m", "20m", 0)]
    [InlineData("1d", "", 1)]
    [InlineData("24", "", 1)]
    [InlineData("24h", "-1h", 1)]
    [InlineData("", "", 1)]
    public void Certificate_durations_are_go_durations(string duration, string renewBefore, int problems) =>
        Assert.Equal(problems, Validate(new RolesAnywhereOptions { CertificateDuration = duration, CertificateRenewBefore = renewBefore }).Count);
}
