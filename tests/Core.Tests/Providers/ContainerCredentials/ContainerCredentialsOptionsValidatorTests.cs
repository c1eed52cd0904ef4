using PodIdentity.Core.Providers.ContainerCredentials;
using PodIdentity.Core.Tests.Support;

namespace PodIdentity.Core.Tests.Providers.ContainerCredentials;

/// <summary>Start-up validation of the "CoreWeave" and "EksPodIdentity" sections, with exact messages.</summary>
public sealed class ContainerCredentialsOptionsValidatorTests
{
    private static IReadOnlyList<string> Errors(CoreWeaveOptions options) => ContainerCredentialsProvider.CoreWeaveDescriptor.Validate(options);

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(ContainerCredentialsProvider.CoreWeaveDescriptor.Validate(new CoreWeaveOptions()));
        Assert.Empty(ContainerCredentialsProvider.EksPodIdentityDescriptor.Validate(new EksPodIdentityOptions()));
    }

    [Fact]
    public void Defaults_match_the_documented_keys()
    {
        var coreWeave = new CoreWeaveOptions();
        Assert.True(coreWeave.Enabled);
        Assert.Equal("", coreWeave.OrgId);
        Assert.Equal("https://coreweave.com/iam", coreWeave.Audience);
        Assert.Equal("", coreWeave.S3Endpoint);
        Assert.Equal("", coreWeave.Region);
        Assert.Equal("", coreWeave.AwsConfigMap);
        Assert.Equal(86400, coreWeave.TokenExpirationSeconds);
        Assert.Equal("/var/run/secrets/tokens/oidc-token", coreWeave.TokenPath);

        var eks = new EksPodIdentityOptions();
        Assert.False(eks.Enabled);
        Assert.Equal("http://169.254.170.23/v1/credentials", eks.CredentialsUri);
        Assert.Equal("pods.eks.amazonaws.com", eks.Audience);
        Assert.Equal("/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token", eks.TokenPath);
    }

    [Theory]
    [InlineData("cwlota.com")]
    [InlineData("ftp://cwobject.com")]
    [InlineData("/relative")]
    [InlineData("https://cw object.com")]
    public void S3_endpoint_must_be_an_absolute_http_url(string value)
    {
        Assert.Equal(
            [$"CoreWeave:S3Endpoint \"{value}\" is invalid: expected an absolute http or https URL such as \"http://cwlota.com\" or \"https://cwobject.com\", or empty for none"],
            Errors(new CoreWeaveOptions { S3Endpoint = value }));
    }

    [Theory]
    [InlineData("http://cwlota.com")]
    [InlineData("https://cwobject.com")]
    [InlineData("")]
    public void S3_endpoint_accepts_http_https_or_empty(string value) =>
        Assert.Empty(Errors(new CoreWeaveOptions { S3Endpoint = value }));

    [Fact]
    public void Audience_with_spaces_is_rejected() =>
        Assert.Equal(
            ["CoreWeave:Audience \"coreweave iam\" is invalid: expected a non-empty audience without spaces, e.g. \"https://coreweave.com/iam\""],
            Errors(new CoreWeaveOptions { Audience = "coreweave iam" }));

    [Theory]
    [InlineData(599)]
    [InlineData(4294967296)]
    public void Token_expiration_out_of_range_is_rejected(long seconds) =>
        Assert.Equal(
            [$"CoreWeave:TokenExpirationSeconds {seconds} is invalid: expected seconds between 600 and 4294967295, e.g. 86400"],
            Errors(new CoreWeaveOptions { TokenExpirationSeconds = seconds }));

    [Theory]
    [InlineData("var/run/secrets/tokens/oidc-token")]
    [InlineData("/oidc-token")]
    [InlineData("/var/run/secrets/tokens/")]
    public void Token_path_must_be_an_absolute_file_path(string value) =>
        Assert.Equal(
            [$"CoreWeave:TokenPath \"{value}\" is invalid: expected an absolute file path inside a directory, e.g. \"/var/run/secrets/tokens/oidc-token\""],
            Errors(new CoreWeaveOptions { TokenPath = value }));

    [Theory]
    [InlineData("CW1234")]
    [InlineData("cw 1234")]
    [InlineData("cw/1")]
    public void Configured_org_id_is_validated(string value) =>
        Assert.Equal(
            [$"CoreWeave:OrgId \"{value}\" is invalid: expected a CoreWeave organization id: lowercase letters, digits and '-', starting with a letter or digit, at most 63 characters, e.g. \"cw1234\", or empty to require the org-id annotation"],
            Errors(new CoreWeaveOptions { OrgId = value }));

    [Fact]
    public void Org_id_without_a_placeholder_in_the_uri_is_rejected() =>
        Assert.Equal(
            ["EksPodIdentity:OrgId \"cw1234\" is set but EksPodIdentity:CredentialsUri \"http://169.254.170.23/v1/credentials\" has no {orgId}: leave OrgId empty"],
            ContainerCredentialsProvider.EksPodIdentityDescriptor.Validate(new EksPodIdentityOptions { OrgId = "cw1234" }));

    [Fact]
    public void Credentials_uri_must_be_an_absolute_http_url() =>
        Assert.Equal(
            ["CoreWeave:CredentialsUri \"api.coreweave.com/{orgId}\" is invalid: expected an absolute http or https URL, optionally with {orgId}, e.g. \"https://api.coreweave.com/v1/cwobject/temporary-credentials/oidc/{orgId}\""],
            Errors(new CoreWeaveOptions { CredentialsUri = "api.coreweave.com/{orgId}" }));

    [Fact]
    public void Region_must_be_a_zone_name() =>
        Assert.Equal(
            ["CoreWeave:Region \"US EAST\" is invalid: expected a zone or region name of letters, digits and '-', e.g. \"US-EAST-04A\", or empty for none"],
            Errors(new CoreWeaveOptions { Region = "US EAST" }));

    [Fact]
    public void Aws_config_map_must_be_a_config_map_name() =>
        Assert.Equal(
            ["CoreWeave:AwsConfigMap \"AWS_Config\" is invalid: expected a ConfigMap name such as \"caios-aws-config\", or empty for none"],
            Errors(new CoreWeaveOptions { AwsConfigMap = "AWS_Config" }));

    [Fact]
    public void Annotation_prefix_must_not_contain_a_slash() =>
        Assert.Equal(
            ["CoreWeave:AnnotationPrefix \"caios.coreweave.com/x\" is invalid: expected a DNS-style prefix without '/', e.g. \"caios.coreweave.com\""],
            Errors(new CoreWeaveOptions { AnnotationPrefix = "caios.coreweave.com/x" }));

    [Fact]
    public void Volume_names_must_be_labels_and_distinct()
    {
        Assert.Equal(
            ["CoreWeave:VolumeName \"OIDC\" is invalid: expected a volume name of lowercase letters, digits and '-', at most 63 characters, e.g. \"caios-oidc-token\""],
            Errors(new CoreWeaveOptions { VolumeName = "OIDC" }));
        Assert.Equal(
            ["CoreWeave:AwsConfigVolumeName \"caios-oidc-token\" is invalid: it must differ from CoreWeave:VolumeName"],
            Errors(new CoreWeaveOptions { AwsConfigVolumeName = "caios-oidc-token" }));
    }

    [Fact]
    public void Aws_config_mount_path_must_be_absolute_and_not_the_token_directory()
    {
        Assert.Equal(
            ["CoreWeave:AwsConfigMountPath \"etc/caios\" is invalid: expected an absolute directory path, e.g. \"/etc/caios\""],
            Errors(new CoreWeaveOptions { AwsConfigMountPath = "etc/caios" }));
        Assert.Equal(
            ["CoreWeave:AwsConfigMountPath \"/var/run/secrets/tokens/\" is invalid: it must differ from the directory of CoreWeave:TokenPath \"/var/run/secrets/tokens/oidc-token\""],
            Errors(new CoreWeaveOptions { AwsConfigMountPath = "/var/run/secrets/tokens/" }));
    }

    [Fact]
    public void Keys_bound_to_null_read_as_empty()
    {
        var mutator = TestMutator.Create(new Dictionary<string, string?> { ["CoreWeave:OrgId"] = null, ["CoreWeave:Region"] = null, ["CoreWeave:S3Endpoint"] = null, ["CoreWeave:AwsConfigMap"] = null });

        Assert.Contains(mutator.Providers, p => p.Name == "coreweave");
    }

    [Fact]
    public void Invalid_configuration_stops_the_mutator_with_the_message()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TestMutator.Create(new Dictionary<string, string?> { ["CoreWeave:S3Endpoint"] = "cwlota.com" }));

        Assert.Contains("CoreWeave:S3Endpoint \"cwlota.com\" is invalid", error.Message, StringComparison.Ordinal);
    }
}
