namespace PodIdentity.Discovery.Doctor;

/// <summary>A plain-text table: one row per failure mode, fixes under the row that needs one.</summary>
internal static class FindingTable
{
    public static void Write(TextWriter output, IReadOnlyList<Finding> findings)
    {
        var nameWidth = Math.Max("CHECK".Length, findings.Max(f => f.Name.Length));
        output.WriteLine($"{"CHECK".PadRight(nameWidth)}  RESULT  DETAIL");
        foreach (var finding in findings)
        {
            output.WriteLine($"{finding.Name.PadRight(nameWidth)}  {finding.Status.ToString().ToUpperInvariant(),-6}  {finding.Detail}");
            if (finding.Fix.Length > 0 && finding.Status is FindingStatus.Fail or FindingStatus.Warn)
            {
                output.WriteLine($"{new string(' ', nameWidth)}          fix: {finding.Fix}");
            }
        }

        var failed = findings.Count(f => f.Status == FindingStatus.Fail);
        var warned = findings.Count(f => f.Status == FindingStatus.Warn);
        output.WriteLine();
        output.WriteLine(failed == 0
            ? $"OK: no failures ({warned} warnings)."
            : $"FAILED: {failed} failures, {warned} warnings.");
    }
}
