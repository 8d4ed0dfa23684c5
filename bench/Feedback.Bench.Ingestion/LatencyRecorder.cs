using System.Diagnostics;

namespace Feedback.Bench.Ingestion;

/// <summary>Latency percentiles of one measurement, in milliseconds.</summary>
internal readonly record struct LatencySummary(int Count, double P50, double P99, double Max);

/// <summary>Collects every latency sample of a measurement (Stopwatch ticks) and reports exact percentiles.</summary>
/// <remarks>A run records at most a few hundred thousand samples, so keeping them all and sorting once is cheaper to
/// reason about than a histogram, and the lock is uncontended next to an HTTP round trip.</remarks>
internal sealed class LatencyRecorder
{
    private readonly Lock _lock = new();
    private readonly List<long> _ticks = new(capacity: 64 * 1024);

    public void Record(long stopwatchTicks)
    {
        lock (_lock)
        {
            _ticks.Add(stopwatchTicks);
        }
    }

    public void AddAll(LatencyRecorder other)
    {
        long[] samples;
        lock (other._lock)
        {
            samples = [.. other._ticks];
        }

        lock (_lock)
        {
            _ticks.AddRange(samples);
        }
    }

    public LatencySummary Summarize()
    {
        long[] sorted;
        lock (_lock)
        {
            sorted = [.. _ticks];
        }

        if (sorted.Length == 0)
        {
            return default;
        }

        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, Milliseconds(Percentile(sorted, 0.50)), Milliseconds(Percentile(sorted, 0.99)), Milliseconds(sorted[^1]));
    }

    /// <summary>Nearest-rank percentile: the smallest sample with at least <paramref name="fraction"/> of samples at or below it.</summary>
    private static long Percentile(long[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Milliseconds(long stopwatchTicks) => stopwatchTicks * 1000.0 / Stopwatch.Frequency;
}
