using PodIdentity.Core.Tests.Support;

namespace PodIdentity.Core.Tests.Providers;

/// <summary>
/// Every golden fixture of a cloud through one reviewer per configuration, forwards then backwards:
/// providers keep per-value state between reviews (last validation verdicts, encoded env and volumes
/// per annotation value), and no fixture may see what an earlier one left behind.
/// </summary>
public sealed class SharedProviderGoldenTests
{
    public static TheoryData<string> Clouds => new("aws", "gcp", "coreweave", "rolesanywhere", "azure");

    [Theory]
    [MemberData(nameof(Clouds))]
    public void Fixtures_give_their_golden_results_through_a_reviewer_shared_with_the_others(string cloud)
    {
        var files = GoldenCase.In(cloud).Select(f => (string)f[0]).ToArray();
        Assert.NotEmpty(files);
        var reviewers = new Dictionary<string, TestReviewer>(StringComparer.Ordinal);

        foreach (var file in files.Concat(files.Reverse()))
        {
            var golden = GoldenCase.Load(file);
            var config = string.Join(';', golden.Config.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
            if (!reviewers.TryGetValue(config, out var reviewer))
            {
                reviewers[config] = reviewer = TestMutator.Reviewer(golden.Config);
            }

            try
            {
                GoldenCheck.Check(golden, reviewer);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{file} (shared reviewer): {e.Message}");
            }
        }
    }
}
