using PodIdentity.Webhook.ServiceAccounts.Informer;

namespace PodIdentity.Webhook.Tests.ServiceAccounts;

public sealed class JitteredBackoffTests
{
    [Fact]
    public void Delays_double_with_jitter_up_to_the_maximum_and_reset()
    {
        var backoff = new JitteredBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        double[] caps = [100, 200, 400, 800, 1000, 1000, 1000];
        foreach (var cap in caps)
        {
            var delay = backoff.Next().TotalMilliseconds;
            Assert.InRange(delay, cap / 2, cap);
        }

        backoff.Reset();
        Assert.InRange(backoff.Next().TotalMilliseconds, 50, 100);
    }
}
