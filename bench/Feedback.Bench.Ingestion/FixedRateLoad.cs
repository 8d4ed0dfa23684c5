using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Feedback.Bench.Ingestion;

/// <summary>Open-loop load: operations start on a fixed schedule whether or not earlier ones have finished, the way
/// independent clients arrive in production.</summary>
/// <remarks>Latency is measured from each operation's <em>scheduled</em> start, not its actual start, so a stall that
/// delays the scheduler is charged to the requests it delayed (no coordinated omission). The achieved rate is the
/// number of measured operations over the time from the window's start to the last measured completion: a server
/// that falls behind finishes late and shows a lower rate.</remarks>
internal static class FixedRateLoad
{
    public static async Task<LoadTally> RunAsync(int perSecond, TimeSpan warmup, TimeSpan duration, Func<Task<int>> operation)
    {
        var tally = new LoadTally();
        var interval = (double)Stopwatch.Frequency / perSecond;
        var warmupCount = (long)(warmup.TotalSeconds * perSecond);
        var total = warmupCount + (long)(duration.TotalSeconds * perSecond);
        var start = Stopwatch.GetTimestamp();
        var windowStart = start + (long)(warmupCount * interval);
        var lastCompletion = new StrongBox<long>(windowStart);
        var pending = new List<Task>((int)total);

        for (long sent = 0; sent < total;)
        {
            var due = Math.Min(total, (long)((Stopwatch.GetTimestamp() - start) / interval) + 1);
            for (; sent < due; sent++)
            {
                var scheduled = start + (long)(sent * interval);
                var measured = sent >= warmupCount;
                pending.Add(Task.Run(() => SendAsync(operation, tally, scheduled, measured, lastCompletion)));
            }

            // About 1 ms on Linux: at 500/s (one every 2 ms) a late tick only makes a burst of two, each still timed
            // from its own scheduled start.
            await Task.Delay(1);
        }

        await Task.WhenAll(pending);
        tally.Window = Stopwatch.GetElapsedTime(windowStart, Volatile.Read(ref lastCompletion.Value));
        return tally;
    }

    private static async Task SendAsync(Func<Task<int>> operation, LoadTally tally, long scheduled, bool measured, StrongBox<long> lastCompletion)
    {
        int rows;
        try
        {
            rows = await operation();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            tally.Failed(exception);
            return;
        }

        var finished = Stopwatch.GetTimestamp();
        if (measured)
        {
            tally.Completed(rows, finished - scheduled);
            InterlockedMax(ref lastCompletion.Value, finished);
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
