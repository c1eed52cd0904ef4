using PodIdentity.Core.Tests.Support;

namespace PodIdentity.Core.Tests.Providers.ContainerCredentials;

public sealed class ContainerCredentialsGoldenFixtureTests
{
    public static IEnumerable<object[]> Fixtures => GoldenCase.In("coreweave");

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture(string file) => GoldenCheck.Check(file);
}
