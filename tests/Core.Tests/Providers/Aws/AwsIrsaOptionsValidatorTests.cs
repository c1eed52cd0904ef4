using PodIdentity.Core.Providers.Aws;

namespace PodIdentity.Core.Tests.Providers.Aws;

public sealed class AwsIrsaOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid() => Assert.True(new AwsIrsaOptionsValidator().Validate(new AwsIrsaOptions()).IsValid);

    [Theory]
    [InlineData("AnnotationPrefix", "eks.amazonaws.com/", "Aws:AnnotationPrefix \"eks.amazonaws.com/\" is invalid: expected a DNS-style prefix without '/', e.g. \"eks.amazonaws.com\"")]
    [InlineData("DefaultAudience", "sts amazonaws", "Aws:DefaultAudience \"sts amazonaws\" is invalid: expected a non-empty audience without spaces, e.g. \"sts.amazonaws.com\"")]
    [InlineData("Region", "US West", "Aws:Region \"US West\" is invalid: expected an AWS region name such as \"us-west-2\", or empty for none")]
    [InlineData("TokenExpirationSeconds", "599", "Aws:TokenExpirationSeconds 599 is invalid: expected seconds between 600 and 4294967295, e.g. 86400")]
    [InlineData("TokenMountPath", "var/run", "Aws:TokenMountPath \"var/run\" is invalid: expected an absolute path, e.g. \"/var/run/secrets/eks.amazonaws.com/serviceaccount\"")]
    public void Bad_setting_names_the_key_and_a_valid_value(string property, string value, string message)
    {
        var options = new AwsIrsaOptions();
        var target = typeof(AwsIrsaOptions).GetProperty(property)!;
        target.SetValue(options, target.PropertyType == typeof(long) ? long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : value);

        var result = new AwsIrsaOptionsValidator().Validate(options);

        Assert.Equal(message, Assert.Single(result.Errors).ErrorMessage);
    }

    [Theory]
    [InlineData("AnnotationPrefix")]
    [InlineData("DefaultAudience")]
    [InlineData("TokenMountPath")]
    public void A_setting_bound_to_null_is_reported_not_thrown(string property)
    {
        var options = new AwsIrsaOptions();
        typeof(AwsIrsaOptions).GetProperty(property)!.SetValue(options, null);

        var result = new AwsIrsaOptionsValidator().Validate(options);

        Assert.Contains($"Aws:{property}", Assert.Single(result.Errors).ErrorMessage, StringComparison.Ordinal);
    }
}
