using PodIdentity.Core.Tests.Support;

namespace PodIdentity.Core.Tests.Providers.RolesAnywhere;

public sealed class RolesAnywhereGoldenFixtureTests
{
    public static IEnumerable<object[]> Fixtures => GoldenCase.In("rolesanywhere");

    [Fact]
    public void There_are_at_least_twenty_fixtures() => Assert.True(Fixtures.Count() >= 20);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture(string file) => GoldenCheck.Check(file);
}
