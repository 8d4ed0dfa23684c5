namespace Feedback.Bench.Pipeline;

/// <summary>Samples the managed heap every 10 ms while a phase runs and keeps the highest value: the peak of what the
/// phase held (plus garbage not yet collected), without forcing collections that would slow the phase down.</summary>
internal sealed class PeakMemory : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peak;

    private PeakMemory()
    {
        // Start from a collected heap, so one phase's garbage does not count against the next.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _peak = GC.GetTotalMemory(forceFullCollection: false);
        _sampling = Task.Run(SampleAsync);
    }

    public static PeakMemory Start() => new();

    /// <summary>Stops sampling and returns the peak in bytes.</summary>
    public async Task<long> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        return Math.Max(_peak, GC.GetTotalMemory(forceFullCollection: false));
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                _peak = Math.Max(_peak, GC.GetTotalMemory(forceFullCollection: false));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }
}
