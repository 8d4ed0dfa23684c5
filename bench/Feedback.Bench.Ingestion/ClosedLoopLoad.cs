using System.Diagnostics;

namespace Feedback.Bench.Ingestion;

/// <summary>Closed-loop load: <c>workers</c> loops, each starting its next operation as soon as the last one ends, so
/// the measured rate is the most the system under test sustains at that concurrency.</summary>
/// <remarks>The same driver runs the HTTP clients and the raw baseline writers, so both are measured identically.
/// Load runs without pause from warm-up into the window; an operation counts when it <em>completes</em> inside the
/// window, which at steady state estimates throughput without bias even for operations longer than the edges.</remarks>
internal static class ClosedLoopLoad
{
    /// <param name="operation">Does one unit of work and returns how many rows it wrote.</param>
    public static async Task<LoadTally> RunAsync(int workers, TimeSpan warmup, TimeSpan duration, Func<Task<int>> operation)
    {
        var tally = new LoadTally { Window = duration };
        var start = Stopwatch.GetTimestamp();
        var windowStart = start + ToStopwatchTicks(warmup);
        var windowEnd = windowStart + ToStopwatchTicks(duration);

        // Task.Run: each worker gets off the caller's thread at once instead of running its first operation inline.
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(operation, tally, windowStart, windowEnd))));
        return tally;
    }

    private static async Task WorkAsync(Func<Task<int>> operation, LoadTally tally, long windowStart, long windowEnd)
    {
        while (Stopwatch.GetTimestamp() < windowEnd)
        {
            var started = Stopwatch.GetTimestamp();
            int rows;
            try
            {
                rows = await operation();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                tally.Failed(exception);
                continue;
            }

            var finished = Stopwatch.GetTimestamp();
            if (finished >= windowStart && finished < windowEnd)
            {
                tally.Completed(rows, finished - started);
            }
        }
    }

    private static long ToStopwatchTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
