using k8s.Models;
using PodIdentity.Core.Providers.Azure;

namespace PodIdentity.Core.Tests.Providers.Azure;

public sealed class AzureWorkloadIdentityTests
{
    // Values computed by Azure's buildVolumeName (sha256 of the pod name, hex, first 30 digits), e.g. with
    // printf '%s' 'web' | sha256sum | cut -c1-30.
    [Theory]
    [InlineData("web", null, "azure-workload-identity-reserved-4b5e57f6eb2f42b9039b3d1e139292")]
    [InlineData(null, "web-7d9f8c6b5-", "azure-workload-identity-reserved-cd7b266895366aa30e994542581a9c")]
    public void VolumeName_IsAzures(string? name, string? generateName, string expected)
    {
        var pod = new PodIdentity.Core.Pods.Pod { Name = name, GenerateName = generateName };

        var volumeName = AzureWorkloadIdentity.VolumeName(pod);

        Assert.Equal(expected, volumeName);
        Assert.Equal(63, volumeName.Length);
    }

    [Theory]
    [InlineData("a;b", new[] { "a", "b" })]
    [InlineData(" a ; b ;", new[] { "a", "b" })]
    [InlineData("a,b", new[] { "a,b" })]
    [InlineData("", new string[0])]
    public void SkipContainers_SplitOnSemicolon(string value, string[] expected) =>
        Assert.Equal(expected.Order(), AzureWorkloadIdentity.SkipContainers(value).Order());

    [Theory]
    [InlineData("6f1f8a2c-3b4d-4e5f-9a0b-1c2d3e4f5a6b", true)]
    [InlineData("6F1F8A2C-3B4D-4E5F-9A0B-1C2D3E4F5A6B", true)]
    [InlineData("6f1f8a2c3b4d4e5f9a0b1c2d3e4f5a6b", false)]
    [InlineData("{6f1f8a2c-3b4d-4e5f-9a0b-1c2d3e4f5a6b}", false)]
    [InlineData("6f1f8a2c-3b4d-4e5f-9a0b-1c2d3e4f5a6", false)]
    [InlineData("", false)]
    public void ClientId_IsAGuidInItsUsualForm(string value, bool valid) => Assert.Equal(valid, AzureWorkloadIdentity.IsClientId(value));

    [Theory]
    [InlineData("3600", true)]
    [InlineData("86400", true)]
    [InlineData("+7200", true)]
    [InlineData("", true)]
    [InlineData("3599", false)]
    [InlineData("86401", false)]
    [InlineData("1h", false)]
    [InlineData(" 3600", false)]
    public void TokenExpirationAnnotation(string value, bool valid) => Assert.Equal(valid, AzureWorkloadIdentity.IsTokenExpirationAnnotation(value));

    [Fact]
    public void TokenExpiration_EmptyPodValueFallsBackToServiceAccount()
    {
        var pod = new Dictionary<string, string> { [AzureWorkloadIdentity.TokenExpirationAnnotation] = "" };
        var sa = new Dictionary<string, string> { [AzureWorkloadIdentity.TokenExpirationAnnotation] = "7200" };

        Assert.Equal(7200, AzureWorkloadIdentity.TokenExpiration(pod, sa, 3600));
        Assert.Equal(3600, AzureWorkloadIdentity.TokenExpiration(pod, new Dictionary<string, string>(), 3600));
    }
}
