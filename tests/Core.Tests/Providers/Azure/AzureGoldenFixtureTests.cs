using PodIdentity.Core.Tests.Support;

namespace PodIdentity.Core.Tests.Providers.Azure;

public sealed class AzureGoldenFixtureTests
{
    public static IEnumerable<object[]> Fixtures => GoldenCase.In("azure");

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture(string file) => GoldenCheck.Check(file);
}
