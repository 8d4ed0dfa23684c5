using System.Collections.Concurrent;

namespace Feedback.Pipeline.Runs;

/// <summary>Cancellation sources of the runs executing in this process, so that a cancel request received by this
/// node stops its run at once (requests received elsewhere arrive through the heartbeat's database check), and so
/// that a stopping host can interrupt its runs and wait for them to record the interruption.</summary>
public sealed class RunCancellation
{
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();

    /// <summary>True once the host is stopping: a cancellation now means "interrupted", not "cancelled by a user".</summary>
    public bool Stopping { get; private set; }

    public int Running => _running.Count;

    public void Register(long runId, CancellationTokenSource source) => _running[runId] = source;

    public void Unregister(long runId) => _running.TryRemove(runId, out _);

    /// <summary>Cancels the run if it executes here; returns whether it did.</summary>
    public bool TryCancel(long runId) => _running.TryGetValue(runId, out var source) && Cancel(source);

    /// <summary>Interrupts every run of this process for a shutdown; they stay resumable.</summary>
    public void InterruptAll()
    {
        Stopping = true;
        foreach (var source in _running.Values)
        {
            Cancel(source);
        }
    }

    private static bool Cancel(CancellationTokenSource source)
    {
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
