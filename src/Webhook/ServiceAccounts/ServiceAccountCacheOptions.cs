namespace PodIdentity.Webhook.ServiceAccounts;

/// <summary>
/// Configuration section "ServiceAccountCache": how the list+watch cache talks to the API server
/// and how a cache miss is resolved. Every key is optional; the defaults suit a production cluster.
/// </summary>
public sealed class ServiceAccountCacheOptions
{
    public const string Section = "ServiceAccountCache";

    /// <summary>How long a miss waits for the watch to deliver the ServiceAccount before one direct read.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Items per page of the initial list (and every relist).</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>Server-side watch timeout (<c>timeoutSeconds</c>); the watch is then reopened from the last resourceVersion.</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Watchdog: a watch that delivers nothing (no event, no bookmark) for this long is cancelled and reopened.</summary>
    public TimeSpan WatchSilenceLimit { get; set; } = TimeSpan.FromMinutes(5.5);

    /// <summary>First delay after a failed list or watch; doubles (with jitter) up to <see cref="ResyncBackoffMax"/>.</summary>
    public TimeSpan ResyncBackoffInitial { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest delay between reconnect attempts while the API server is unreachable.</summary>
    public TimeSpan ResyncBackoffMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one direct read attempt after a miss.</summary>
    public TimeSpan FallbackTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Retries of a failed direct read (0 = a single attempt). Never past the request's budget.</summary>
    public int FallbackRetries { get; set; } = 2;

    /// <summary>Base delay between direct read retries (exponential, jittered).</summary>
    public TimeSpan FallbackRetryDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Share of failed direct reads within <see cref="CircuitBreakerSamplingDuration"/> that opens the circuit.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Direct reads needed in the sampling window before the circuit can open.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 5;

    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit answers "unavailable" without calling the API server.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Direct reads allowed per second in total (token bucket refill); more are answered "unavailable" at once.</summary>
    public int FallbackRateLimitPerSecond { get; set; } = 20;

    /// <summary>Burst size of the total direct-read token bucket.</summary>
    public int FallbackRateLimitBurst { get; set; } = 40;

    /// <summary>
    /// Direct reads allowed per second for one namespace: reviews naming ServiceAccounts that do not exist in
    /// one namespace cannot use up the reads another namespace's late-watch ServiceAccount needs.
    /// </summary>
    public int FallbackRateLimitPerNamespacePerSecond { get; set; } = 5;

    /// <summary>Burst size of each namespace's direct-read token bucket.</summary>
    public int FallbackRateLimitPerNamespaceBurst { get; set; } = 10;

    /// <summary>How long a ServiceAccount a direct read found missing is answered "not found" without another read; 0 turns this off.</summary>
    public TimeSpan NotFoundCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Kubeconfig file to use instead of the defaults (in-cluster config in a pod, else KUBECONFIG,
    /// else ~/.kube/config). Command line: <c>--ServiceAccountCache:Kubeconfig &lt;path&gt;</c>.
    /// </summary>
    public string? Kubeconfig { get; set; }
}
