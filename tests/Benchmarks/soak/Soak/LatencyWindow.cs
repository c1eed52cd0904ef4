namespace PodIdentity.Benchmarks.Soak;

/// <summary>Latencies (µs) and errors of one reporting window, and of the whole run.</summary>
internal sealed class LatencyWindow
{
    private readonly Lock gate = new();
    private List<long> window = [];
    private readonly List<long> all = [];
    private long windowErrors;
    private long totalErrors;
    private readonly Dictionary<string, int> errorKinds = [];

    public void Record(long microseconds)
    {
        lock (gate)
        {
            window.Add(microseconds);
            all.Add(microseconds);
        }
    }

    public void Error(string kind)
    {
        lock (gate)
        {
            windowErrors++;
            totalErrors++;
            errorKinds[kind] = errorKinds.GetValueOrDefault(kind) + 1;
        }
    }

    /// <summary>The window's count, p50, p99 (ms) and errors; starts a new window.</summary>
    public (int Count, double P50, double P99, long Errors) Roll()
    {
        lock (gate)
        {
            var samples = window;
            var errors = windowErrors;
            window = [];
            windowErrors = 0;
            return (samples.Count, Percentile(samples, 0.50), Percentile(samples, 0.99), errors);
        }
    }

    public (int Count, double P50, double P99, double Max, long Errors, string Kinds) Total()
    {
        lock (gate)
        {
            var kinds = string.Join(", ", errorKinds.Select(k => $"{k.Key}: {k.Value}"));
            return (all.Count, Percentile(all, 0.50), Percentile(all, 0.99), all.Count == 0 ? 0 : all.Max() / 1000.0, totalErrors, kinds.Length == 0 ? "none" : kinds);
        }
    }

    private static double Percentile(List<long> samples, double p)
    {
        if (samples.Count == 0)
        {
            return 0;
        }

        var sorted = samples.ToArray();
        Array.Sort(sorted);
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)] / 1000.0;
    }
}
