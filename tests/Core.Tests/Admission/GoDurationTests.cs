using PodIdentity.Core.Admission;

namespace PodIdentity.Core.Tests.Admission;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("1s", 1_000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5s", 1_500)]
    [InlineData("1m30s", 90_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    public void Parses_the_API_servers_timeout_format(string text, int milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("2562047h")]
    [InlineData("9223372036854775807ns")]
    [InlineData("60s")]
    public void A_timeout_beyond_the_API_servers_30_s_is_clamped_so_the_budget_timer_cannot_overflow(string text)
    {
        // Issue 14 item 5: such a value once threw in CancelAfter and the pod lost its credentials.
        // The webhook's defaults: 10 s, 80 %.

        var (timeout, budget) = new LookupBudget("?timeout=" + text, TimeSpan.FromSeconds(10), 0.8).Resolve();

        Assert.Equal(TimeSpan.FromSeconds(30), timeout);
        Assert.Equal(TimeSpan.FromSeconds(24), budget);
        using var timer = new CancellationTokenSource();
        timer.CancelAfter(budget);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("10x")]
    [InlineData("-1s")]
    [InlineData("1..2s")]
    public void Rejects_anything_else(string text) => Assert.False(GoDuration.TryParse(text, out _));
}
