using PodIdentity.Core.Tests.Support;

namespace PodIdentity.Core.Tests.Providers.Gcp;

public sealed class GcpGoldenFixtureTests
{
    public static IEnumerable<object[]> Fixtures => GoldenCase.In("gcp");

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture(string file) => GoldenCheck.Check(file);
}
