using System.Collections.Concurrent;

namespace Feedback.Pipeline.Runs;

/// <summary>Cancellation sources of the runs executing in this process, so that a cancel request received by this
/// node stops its run at once; requests received elsewhere arrive through the heartbeat's database check.</summary>
public sealed class RunCancellation
{
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();

    public void Register(long runId, CancellationTokenSource source) => _running[runId] = source;

    public void Unregister(long runId) => _running.TryRemove(runId, out _);

    /// <summary>Cancels the run if it executes here; returns whether it did.</summary>
    public bool TryCancel(long runId)
    {
        if (!_running.TryGetValue(runId, out var source))
        {
            return false;
        }

        try
        {
            source.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
