using PodIdentity.Core.Tests.Support;

namespace PodIdentity.Core.Tests.Providers.Aws;

public sealed class AwsGoldenFixtureTests
{
    public static IEnumerable<object[]> Fixtures => GoldenCase.In("aws");

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture(string file) => GoldenCheck.Check(file);
}
