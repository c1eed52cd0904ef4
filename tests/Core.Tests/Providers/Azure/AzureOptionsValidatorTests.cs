using PodIdentity.Core.Providers;
using PodIdentity.Core.Providers.Azure;

namespace PodIdentity.Core.Tests.Providers.Azure;

public sealed class AzureOptionsValidatorTests
{
    private static IReadOnlyList<string> Validate(AzureOptions options) => AzureWorkloadIdentityProvider.Descriptor.Validate(options);

    [Fact]
    public void Defaults_AreValid_AndOff()
    {
        var options = new AzureOptions();

        Assert.Empty(Validate(options));
        Assert.Equal("Azure", AzureWorkloadIdentityProvider.Descriptor.Section);
        Assert.False(AzureWorkloadIdentityProvider.Descriptor.IsEnabled(options));
        Assert.Equal("", options.TenantId);
        Assert.Equal("https://login.microsoftonline.com/", options.AuthorityHost);
        Assert.Equal("api://AzureADTokenExchange", options.Audience);
        Assert.True(options.RequirePodLabel);
        Assert.Equal(3600, options.TokenExpirationSeconds);
    }

    [Fact]
    public void RegisteredOnce_Last()
    {
        Assert.Single(ProviderCatalog.All, d => d.Section == "Azure");
        Assert.Equal("Azure", ProviderCatalog.All[^1].Section);
    }

    [Fact]
    public void NullStrings_ReadAsEmpty()
    {
        var options = new AzureOptions { TenantId = null!, AuthorityHost = null!, Audience = null! };

        Assert.Equal(("", "", ""), (options.TenantId, options.AuthorityHost, options.Audience));
    }

    [Theory]
    [InlineData("72f988bf-86f1-41af-91ab-2d7cd011db47")]
    [InlineData("contoso.onmicrosoft.com")]
    [InlineData("")]
    public void TenantId_Valid(string tenant) => Assert.Empty(Validate(new AzureOptions { TenantId = tenant }));

    [Theory]
    [InlineData("72f988bf86f141af91ab2d7cd011db47")]
    [InlineData("contoso")]
    [InlineData("common")]
    public void TenantId_Invalid(string tenant) =>
        Assert.Equal(
            [$"Azure:TenantId \"{tenant}\" is invalid: expected the Microsoft Entra tenant (directory) ID, a GUID such as \"72f988bf-86f1-41af-91ab-2d7cd011db47\", " +
                "or a tenant domain such as \"contoso.onmicrosoft.com\", or empty to require the tenant-id annotation on every ServiceAccount"],
            Validate(new AzureOptions { TenantId = tenant }));

    [Theory]
    [InlineData("https://login.chinacloudapi.cn/")]
    [InlineData("https://login.microsoftonline.us")]
    [InlineData("https://127.0.0.1:8443/")]
    public void AuthorityHost_Valid(string host) => Assert.Empty(Validate(new AzureOptions { AuthorityHost = host }));

    [Theory]
    [InlineData("http://login.microsoftonline.com/")]
    [InlineData("login.microsoftonline.com")]
    [InlineData("https://login.microsoftonline.com/?x=1")]
    [InlineData("")]
    public void AuthorityHost_Invalid(string host) =>
        Assert.Equal(
            [$"Azure:AuthorityHost \"{host}\" is invalid: expected an absolute https URL of the Microsoft Entra endpoint, e.g. \"https://login.microsoftonline.com/\" " +
                "(Azure China: \"https://login.chinacloudapi.cn/\", Azure US Government: \"https://login.microsoftonline.us/\")"],
            Validate(new AzureOptions { AuthorityHost = host }));

    [Fact]
    public void Audience_WithSpace() =>
        Assert.Equal(
            ["Azure:Audience \"api://Azure AD\" is invalid: expected a non-empty audience without spaces, e.g. \"api://AzureADTokenExchange\""],
            Validate(new AzureOptions { Audience = "api://Azure AD" }));

    [Theory]
    [InlineData(3599)]
    [InlineData(86401)]
    public void TokenExpirationSeconds_OutsideAzureRange(long seconds) =>
        Assert.Equal(
            [$"Azure:TokenExpirationSeconds {seconds} is invalid: expected seconds from 3600 to 86400 (the range Azure's webhook accepts), e.g. 3600"],
            Validate(new AzureOptions { TokenExpirationSeconds = seconds }));

    [Theory]
    [InlineData(3600)]
    [InlineData(86400)]
    public void TokenExpirationSeconds_Bounds(long seconds) => Assert.Empty(Validate(new AzureOptions { TokenExpirationSeconds = seconds }));
}
