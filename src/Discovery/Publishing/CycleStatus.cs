namespace PodIdentity.Discovery.Publishing;

internal enum CycleOutcome
{
    Published,
    SourceFailed,
    CheckFailed,
    PublishFailed,
}

internal sealed record CycleReport(
    long Cycle,
    CycleOutcome Outcome,
    PublishedDocuments? Documents,
    IReadOnlyList<string> Problems,
    PublicCheckResult? PublicCheck,
    TimeSpan Elapsed);

/// <summary>The latest cycle, for /healthz.</summary>
internal sealed class CycleStatus
{
    private volatile CycleReport? _last;
    private long _lastSuccessTicks;

    public CycleReport? Last => _last;

    public DateTimeOffset? LastSuccess => Interlocked.Read(ref _lastSuccessTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    public void Record(CycleReport report, DateTimeOffset now)
    {
        _last = report;
        if (report.Outcome == CycleOutcome.Published)
        {
            Interlocked.Exchange(ref _lastSuccessTicks, now.UtcTicks);
        }
    }
}
