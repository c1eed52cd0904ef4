using Microsoft.Extensions.Options;

namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>Start-up check of <see cref="ServiceAccountCacheOptions"/>; each message names the key and the allowed range.</summary>
internal sealed class ServiceAccountCacheOptionsValidator : IValidateOptions<ServiceAccountCacheOptions>
{
    private const string S = ServiceAccountCacheOptions.Section;

    public ValidateOptionsResult Validate(string? name, ServiceAccountCacheOptions options)
    {
        var errors = new List<string>();
        Range(errors, "GracePeriod", options.GracePeriod, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        if (options.PageSize is < 1 or > 10_000)
        {
            errors.Add($"{S}:PageSize must be between 1 and 10000 (got {options.PageSize}).");
        }

        Range(errors, "WatchTimeout", options.WatchTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Range(errors, "WatchSilenceLimit", options.WatchSilenceLimit, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(2));
        Range(errors, "ResyncBackoffInitial", options.ResyncBackoffInitial, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5));
        Range(errors, "ResyncBackoffMax", options.ResyncBackoffMax, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(30));
        if (options.ResyncBackoffMax < options.ResyncBackoffInitial)
        {
            errors.Add($"{S}:ResyncBackoffMax ({options.ResyncBackoffMax}) must not be shorter than {S}:ResyncBackoffInitial ({options.ResyncBackoffInitial}).");
        }

        Range(errors, "FallbackTimeout", options.FallbackTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(30));
        if (options.FallbackRetries is < 0 or > 10)
        {
            errors.Add($"{S}:FallbackRetries must be between 0 and 10 (got {options.FallbackRetries}).");
        }

        Range(errors, "FallbackRetryDelay", options.FallbackRetryDelay, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        if (options.CircuitBreakerFailureRatio is <= 0 or > 1 || double.IsNaN(options.CircuitBreakerFailureRatio))
        {
            errors.Add($"{S}:CircuitBreakerFailureRatio must be greater than 0 and at most 1, e.g. 0.5 (got {options.CircuitBreakerFailureRatio}).");
        }

        if (options.CircuitBreakerMinimumThroughput < 2)
        {
            errors.Add($"{S}:CircuitBreakerMinimumThroughput must be at least 2 (got {options.CircuitBreakerMinimumThroughput}).");
        }

        Range(errors, "CircuitBreakerSamplingDuration", options.CircuitBreakerSamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));
        Range(errors, "CircuitBreakerBreakDuration", options.CircuitBreakerBreakDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));
        if (options.FallbackRateLimitPerSecond < 1)
        {
            errors.Add($"{S}:FallbackRateLimitPerSecond must be at least 1 (got {options.FallbackRateLimitPerSecond}).");
        }

        if (options.FallbackRateLimitBurst < 1)
        {
            errors.Add($"{S}:FallbackRateLimitBurst must be at least 1 (got {options.FallbackRateLimitBurst}).");
        }

        if (options.FallbackRateLimitPerNamespacePerSecond < 1)
        {
            errors.Add($"{S}:FallbackRateLimitPerNamespacePerSecond must be at least 1 (got {options.FallbackRateLimitPerNamespacePerSecond}).");
        }

        if (options.FallbackRateLimitPerNamespaceBurst < 1)
        {
            errors.Add($"{S}:FallbackRateLimitPerNamespaceBurst must be at least 1 (got {options.FallbackRateLimitPerNamespaceBurst}).");
        }

        Range(errors, "NotFoundCacheDuration", options.NotFoundCacheDuration, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        if (options.Kubeconfig is { Length: > 0 } path && !File.Exists(path))
        {
            errors.Add($"{S}:Kubeconfig points at '{path}', which does not exist; give a readable kubeconfig file or leave it empty to use the in-cluster config, KUBECONFIG or ~/.kube/config.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{S}:{key} must be between {min:c} and {max:c} (got {value:c}).");
        }
    }
}
