namespace PodIdentity.Discovery.Tests.Infrastructure;

/// <summary>Time that moves only when a test says so; timers still use the real clock.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
