using Xunit;

namespace PodIdentity.Deploy.Tests.Support;

internal static class Fixtures
{
    /// <summary>Fixtures/values/&lt;kind&gt;/*.yaml, full paths, in a stable order.</summary>
    public static TheoryData<string> ValuesFiles(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var file in ValuesFilePaths(kind))
        {
            data.Add(file);
        }

        return data;
    }

    public static IEnumerable<string> ValuesFilePaths(string kind) =>
        Directory.EnumerateFiles(Path.Combine(Repo.FixturesDir, "values", kind), "*.yaml").Order(StringComparer.Ordinal);
}
