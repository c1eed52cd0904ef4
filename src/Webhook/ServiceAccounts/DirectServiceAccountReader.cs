using System.Net;
using System.Threading.RateLimiting;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>
/// The one direct <c>GET serviceaccounts/{name}</c> after a cache miss. First two token buckets, the
/// namespace's own and the total (so a storm of misses cannot flood the API server, and misses in one
/// namespace cannot use up another's reads), then a Polly pipeline: jittered retry, circuit breaker (each
/// attempt counts), per-attempt timeout. The caller's token bounds it all. Never throws for API server
/// trouble: the outcome says what happened. Callers pass only valid names (<see cref="ServiceAccountCache"/>).
/// </summary>
internal sealed class DirectServiceAccountReader : IDisposable
{
    private readonly Kubernetes client;
    private readonly RateLimiter rateLimiter;
    private readonly PartitionedRateLimiter<string> namespaceRateLimiter;
    private readonly ResiliencePipeline pipeline;

    public DirectServiceAccountReader(Kubernetes client, IOptions<ServiceAccountCacheOptions> options)
    {
        this.client = client;
        var o = options.Value;
        rateLimiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = o.FallbackRateLimitBurst,
            TokensPerPeriod = o.FallbackRateLimitPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

        var transient = new PredicateBuilder()
            .Handle<HttpRequestException>()
            .Handle<IOException>()
            .Handle<TimeoutRejectedException>()
            .Handle<HttpOperationException>(e => IsTransient(e.Response?.StatusCode));

        // One bucket per namespace, replenished by the partitioned limiter's own timer; a bucket that is
        // full again counts as idle and is dropped, so made-up namespaces do not pile up.
        namespaceRateLimiter = PartitionedRateLimiter.Create<string, string>(ns => RateLimitPartition.GetTokenBucketLimiter(ns, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = o.FallbackRateLimitPerNamespaceBurst,
            TokensPerPeriod = o.FallbackRateLimitPerNamespacePerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = false,
        }));

        var builder = new ResiliencePipelineBuilder();
        if (o.FallbackRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = o.FallbackRetries,
                Delay = o.FallbackRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        pipeline = builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = o.CircuitBreakerFailureRatio,
                MinimumThroughput = o.CircuitBreakerMinimumThroughput,
                SamplingDuration = o.CircuitBreakerSamplingDuration,
                BreakDuration = o.CircuitBreakerBreakDuration,
            })
            .AddTimeout(o.FallbackTimeout)
            .Build();
    }

    public async ValueTask<DirectReadResult> ReadAsync(ServiceAccountKey key, CancellationToken cancellationToken)
    {
        // Once per direct read, retries included: the namespace's bucket first, so a namespace at its limit does not spend the total's tokens.
        using var namespaceLease = namespaceRateLimiter.AttemptAcquire(key.Namespace);
        if (!namespaceLease.IsAcquired)
        {
            return new DirectReadResult(DirectReadOutcome.Rejected, Error: $"direct-read rate limit of namespace \"{key.Namespace}\" reached");
        }

        using var lease = rateLimiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            return new DirectReadResult(DirectReadOutcome.Rejected, Error: "direct-read rate limit reached");
        }

        try
        {
            var account = await pipeline.ExecuteAsync(
                static async (state, ct) =>
                {
                    try
                    {
                        using var response = await state.client.CoreV1
                            .ReadNamespacedServiceAccountWithHttpMessagesAsync(state.key.Name, state.key.Namespace, cancellationToken: ct)
                            .ConfigureAwait(false);
                        return response.Body;
                    }
                    catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
                    {
                        return null;
                    }
                },
                (client, key),
                cancellationToken).ConfigureAwait(false);
            return account is null ? DirectReadResult.NotFound : new DirectReadResult(DirectReadOutcome.Found, account);
        }
        catch (BrokenCircuitException)
        {
            return new DirectReadResult(DirectReadOutcome.Rejected, Error: "circuit breaker open after repeated API server failures");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new DirectReadResult(DirectReadOutcome.Failed, Error: "request budget exhausted before the API server answered");
        }
        catch (TimeoutRejectedException)
        {
            return new DirectReadResult(DirectReadOutcome.Failed, Error: "API server read timed out");
        }
        catch (HttpOperationException e)
        {
            return new DirectReadResult(DirectReadOutcome.Failed, Error: $"API server answered {(int?)e.Response?.StatusCode} {e.Response?.ReasonPhrase}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or KubernetesException or System.Text.Json.JsonException)
        {
            return new DirectReadResult(DirectReadOutcome.Failed, Error: $"API server unreachable: {e.Message}");
        }
    }

    public void Dispose()
    {
        rateLimiter.Dispose();
        namespaceRateLimiter.Dispose();
    }

    private static bool IsTransient(HttpStatusCode? status) =>
        status is null or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError;
}
