using System.Diagnostics;
using Microsoft.Extensions.Options;
using PodIdentity.Discovery.Observability;
using PodIdentity.Discovery.Oidc;
using PodIdentity.Discovery.Options;
using PodIdentity.Discovery.Source;

namespace PodIdentity.Discovery.Publishing;

/// <summary>One read → check → merge → publish → verify pass. Cycles never overlap.</summary>
internal sealed class PublishCycle(
    IApiServerSource source,
    IEnumerable<IPublishTarget> targets,
    PublicUrlVerifier verifier,
    IOptions<DiscoveryOptions> options,
    TimeProvider time,
    CycleStatus status,
    ILogger<PublishCycle> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IPublishTarget[] _targets = DiscoveryMetrics.WithErrorSeries([.. targets]);
    private PublishedState? _state;
    private bool _stateRestored;
    private long _cycle;

    public async Task<CycleReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var stopwatch = Stopwatch.StartNew();
            var cycle = ++_cycle;
            var report = await RunAsync(cycle, stopwatch, cancellationToken);
            DiscoveryMetrics.Cycles.WithLabels(report.Outcome.ToString()).Inc();
            DiscoveryMetrics.CycleDuration.Observe(report.Elapsed.TotalSeconds);
            status.Record(report, time.GetUtcNow());
            var state = report.Documents?.State ?? _state;
            logger.CycleStatus(cycle, report.Outcome.ToString(), state?.LiveCount ?? 0, state?.RetainedCount ?? 0,
                string.Join('+', _targets.Select(t => t.Name)),
                report.PublicCheck is null ? "skipped" : report.PublicCheck.Outcome.ToString(),
                (long)report.Elapsed.TotalMilliseconds);
            return report;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<CycleReport> RunAsync(long cycle, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        CycleReport Report(CycleOutcome outcome, IReadOnlyList<string> problems, PublishedDocuments? docs = null, PublicCheckResult? check = null) =>
            new(cycle, outcome, docs, problems, check, stopwatch.Elapsed);

        ApiServerDocuments raw;
        try
        {
            raw = await source.FetchAsync(cancellationToken);
            logger.SourceRead(cycle, raw.DiscoveryJson.Length, raw.JwksJson.Length);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.SourceFailed(cycle, ex.Message);
            logger.SourceFailedDetail(cycle, ex);
            return Report(CycleOutcome.SourceFailed, [$"API server: {ex.Message}"]);
        }

        var checkResult = DocumentChecker.Check(settings.Issuer, raw.DiscoveryJson, raw.JwksJson);
        foreach (var note in checkResult.Notes)
        {
            logger.CheckNote(note);
        }

        if (checkResult.Documents is not { } current)
        {
            foreach (var failure in checkResult.Failures)
            {
                logger.CheckFailed(cycle, failure.Field, failure.Message);
            }

            return Report(CycleOutcome.CheckFailed, [.. checkResult.Failures.Select(f => f.ToString())]);
        }

        if (!_stateRestored)
        {
            foreach (var target in _targets)
            {
                try
                {
                    if (await target.ReadBackAsync(current, cancellationToken) is { } restored)
                    {
                        logger.ReadBack(target.Name, restored.RetainedCount);
                        _state = restored;
                        break;
                    }
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.ReadBackFailed(cycle, target.Name, ex.Message, ex);
                    return Report(CycleOutcome.PublishFailed, [$"{target.Name}: read back failed: {ex.Message}"]);
                }
            }

            _stateRestored = true;
        }

        var now = time.GetUtcNow();
        var merge = KeyRetention.Merge(current, _state, now, settings.KeyRetention);
        foreach (var kid in merge.NewlyRetired)
        {
            logger.KeyRetired(kid, settings.KeyRetention);
        }

        foreach (var kid in merge.Dropped)
        {
            logger.KeyDropped(kid, settings.KeyRetention);
        }

        if (merge.State.Keys.Count > KeyRetention.WarnAboveKeys)
        {
            logger.TooManyKeys(merge.State.Keys.Count);
        }

        var documents = PublishedDocuments.Create(current, merge.State, now);
        var problems = new List<string>();
        foreach (var target in _targets)
        {
            try
            {
                await target.PublishAsync(documents, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                DiscoveryMetrics.PublishErrors.WithLabels(target.Name).Inc();
                logger.PublishFailed(cycle, target.Name, ex.Message, ex);
                problems.Add($"{target.Name}: {ex.Message}");
            }
        }

        if (problems.Count > 0)
        {
            // Keep the previous state: the merged one did not reach every target.
            return Report(CycleOutcome.PublishFailed, problems, documents);
        }

        _state = merge.State;
        DiscoveryMetrics.PublishedKeys.WithLabels("live").Set(merge.State.LiveCount);
        DiscoveryMetrics.PublishedKeys.WithLabels("retained").Set(merge.State.RetainedCount);
        DiscoveryMetrics.LastSuccess.Set(now.ToUnixTimeMilliseconds() / 1000.0);

        PublicCheckResult? check = null;
        if (settings.PublicUrlCheck)
        {
            check = await verifier.VerifyAsync(documents, cancellationToken);
            DiscoveryMetrics.PublicChecks.WithLabels(check.Outcome.ToString().ToLowerInvariant()).Inc();
            if (check.Outcome != PublicCheckOutcome.Match)
            {
                if (check.Outcome == PublicCheckOutcome.Mismatch)
                {
                    logger.PublicMismatch(check.Detail);
                }
                else
                {
                    logger.PublicCheckError(check.Detail);
                }

                // Write again next cycle in case the object was changed or deleted behind our back.
                foreach (var target in _targets)
                {
                    target.Invalidate();
                }
            }
        }

        return Report(CycleOutcome.Published, [], documents, check);
    }

    public void Dispose() => _gate.Dispose();
}
