using System.Diagnostics;

namespace Feedback.Bench.Serving;

/// <summary>Latency percentiles of one scenario, in milliseconds.</summary>
internal sealed record Latencies(int Count, int Errors, double AchievedPerSecond, double P50, double P95, double P99, double Max, string? FirstError);

/// <summary>Open-loop load: requests start on a fixed schedule whether or not earlier ones have finished, as independent
/// clients arrive. Each latency runs from the request's scheduled start, so a stalled scheduler or server is charged
/// to the requests it delayed (no coordinated omission).</summary>
internal static class OpenLoop
{
    public static async Task<Latencies> RunAsync(int perSecond, TimeSpan duration, Func<int, Task> request)
    {
        var total = (int)(duration.TotalSeconds * perSecond);
        var latencies = new long[total];
        var errors = 0;
        string? firstError = null;
        var interval = (double)Stopwatch.Frequency / perSecond;
        var start = Stopwatch.GetTimestamp();
        var inFlight = new Task[total];
        var lastFinished = start;

        async Task SendAsync(int index, long scheduled)
        {
            try
            {
                await request(index);
                var finished = Stopwatch.GetTimestamp();
                latencies[index] = finished - scheduled;
                InterlockedMax(ref lastFinished, finished);
            }
            catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or TaskCanceledException)
            {
                latencies[index] = -1;
                Interlocked.Increment(ref errors);
                Interlocked.CompareExchange(ref firstError, exception.Message, null);
            }
        }

        for (var sent = 0; sent < total;)
        {
            var due = Math.Min(total, (int)((Stopwatch.GetTimestamp() - start) / interval) + 1);
            for (; sent < due; sent++)
            {
                var index = sent;
                var scheduled = start + (long)(index * interval);
                inFlight[index] = Task.Run(() => SendAsync(index, scheduled));
            }

            await Task.Delay(1);
        }

        await Task.WhenAll(inFlight);
        var ok = latencies.Where(l => l >= 0).Order().ToArray();
        var window = Stopwatch.GetElapsedTime(start, lastFinished).TotalSeconds;
        return new Latencies(ok.Length, errors, window > 0 ? ok.Length / window : 0,
            Percentile(ok, 0.50), Percentile(ok, 0.95), Percentile(ok, 0.99), ok.Length == 0 ? 0 : Milliseconds(ok[^1]), firstError);
    }

    /// <summary>Nearest rank: the smallest sample with at least <paramref name="fraction"/> of the samples at or below it.</summary>
    public static double Percentile(long[] sortedTicks, double fraction) =>
        sortedTicks.Length == 0 ? 0 : Milliseconds(sortedTicks[Math.Clamp((int)Math.Ceiling(fraction * sortedTicks.Length) - 1, 0, sortedTicks.Length - 1)]);

    public static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

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
