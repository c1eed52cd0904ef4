using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PodIdentity.Webhook.ServiceAccounts;

namespace PodIdentity.Webhook.Tests.ServiceAccounts;

public sealed class ServiceAccountCacheOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_match_the_documentation()
    {
        var options = new ServiceAccountCacheOptions();

        Assert.True(new ServiceAccountCacheOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.GracePeriod);
        Assert.Equal(500, options.PageSize);
        Assert.Equal(TimeSpan.FromMinutes(5), options.WatchTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), options.FallbackTimeout);
        Assert.Equal(5, options.FallbackRateLimitPerNamespacePerSecond);
        Assert.Equal(10, options.FallbackRateLimitPerNamespaceBurst);
        Assert.Equal(TimeSpan.FromSeconds(5), options.NotFoundCacheDuration);
    }

    [Fact]
    public async Task Invalid_values_stop_start_up_with_messages_naming_each_key()
    {
        using var host = CacheHarness.Build("http://127.0.0.1:1", output: null, new Dictionary<string, string?>
        {
            ["ServiceAccountCache:GracePeriod"] = "00:01:00",
            ["ServiceAccountCache:PageSize"] = "0",
            ["ServiceAccountCache:CircuitBreakerFailureRatio"] = "2",
            ["ServiceAccountCache:Kubeconfig"] = "/nonexistent/kubeconfig",
            ["ServiceAccountCache:FallbackRateLimitPerNamespaceBurst"] = "0",
            ["ServiceAccountCache:NotFoundCacheDuration"] = "01:00:00",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith("ServiceAccountCache:GracePeriod must be between 00:00:00 and 00:00:05", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("ServiceAccountCache:PageSize must be between 1 and 10000", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("ServiceAccountCache:CircuitBreakerFailureRatio", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("/nonexistent/kubeconfig", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("ServiceAccountCache:FallbackRateLimitPerNamespaceBurst must be at least 1", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("ServiceAccountCache:NotFoundCacheDuration must be between 00:00:00 and 00:05:00", StringComparison.Ordinal));
    }

    [Fact]
    public void Kubeconfig_option_selects_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        File.WriteAllText(path, """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: https://127.0.0.1:6443
                insecure-skip-tls-verify: true
            users:
            - name: u
              user:
                token: abc
            contexts:
            - name: ctx
              context:
                cluster: c
                user: u
            current-context: ctx
            """);
        try
        {
            var config = KubernetesConfigurationLoader.Load(new ServiceAccountCacheOptions { Kubeconfig = path });

            Assert.Equal("https://127.0.0.1:6443", config.Host.TrimEnd('/'));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
