using Microsoft.Extensions.Options;
using PodIdentity.Discovery.Observability;
using PodIdentity.Discovery.Options;
using Polly;
using Polly.Retry;

namespace PodIdentity.Discovery.Source;

/// <summary>Named Polly pipelines: a timeout per attempt inside jittered exponential retries.</summary>
internal static class Resilience
{
    public const string ApiServer = "apiserver";
    public const string S3 = "s3";
    public const string PublicUrl = "public-url";

    public static IServiceCollection AddDiscoveryResilience(this IServiceCollection services)
    {
        foreach (var name in new[] { ApiServer, S3, PublicUrl })
        {
            services.AddResiliencePipeline(name, (builder, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<IOptions<DiscoveryOptions>>().Value.Resilience;
                var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Resilience).FullName!);
                if (settings.RetryAttempts > 0)
                {
                    builder.AddRetry(new RetryStrategyOptions
                    {
                        MaxRetryAttempts = settings.RetryAttempts,
                        Delay = settings.RetryDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        // Cancellation of the whole cycle is not a transient failure.
                        ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
                        // One line per retry, without the stack trace (Polly's own telemetry logs are
                        // kept at Error: they print the whole document on success and a trace per retry).
                        OnRetry = args =>
                        {
                            logger.RetryScheduled(name, args.AttemptNumber + 1, args.Outcome.Exception?.Message ?? "no result", (long)args.RetryDelay.TotalMilliseconds);
                            return ValueTask.CompletedTask;
                        },
                    });
                }

                builder.AddTimeout(settings.AttemptTimeout);
            });
        }

        return services;
    }
}
