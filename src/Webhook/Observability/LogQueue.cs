using Serilog.Sinks.Async;

namespace PodIdentity.Webhook.Observability;

/// <summary>
/// Watches the async sink's queue in front of stdout (JSON format only): how many events it
/// dropped because it was full, exported as pod_identity_webhook_log_events_dropped_total.
/// </summary>
internal sealed class LogQueue : IAsyncLogEventSinkMonitor
{
    /// <summary>
    /// Events held while stdout is slower than the reviews: a few seconds at thousands of reviews a
    /// second (a review line is about 600 bytes, so a full queue is a few MB), the package's default.
    /// </summary>
    public const int Capacity = 10_000;

    private IAsyncLogEventSinkInspector? _inspector;

    /// <summary>Events dropped since start (0 when the console format runs and there is no queue).</summary>
    public long Dropped => Volatile.Read(ref _inspector)?.DroppedMessagesCount ?? 0;

    /// <summary>Events waiting in the queue (0 without a queue).</summary>
    public int Queued => Volatile.Read(ref _inspector)?.Count ?? 0;

    public void StartMonitoring(IAsyncLogEventSinkInspector inspector) => Volatile.Write(ref _inspector, inspector);

    /// <summary>Keeps the stopped sink: its count stays readable (a last scrape during shutdown).</summary>
    public void StopMonitoring(IAsyncLogEventSinkInspector inspector)
    {
    }
}
