using Microsoft.Extensions.Options;
using Quartz;

namespace Feedback.Pipeline.Scheduling;

/// <summary>The pipeline's Quartz scheduler, once it exists over a migrated database. Inject this rather than
/// <see cref="ISchedulerFactory"/>: asking Quartz for the scheduler before the migrations ran fails its schema check.</summary>
/// <remarks>Jobs the pipeline schedules must survive a process kill: build them with <c>StoreDurably()</c> and
/// <c>RequestRecovery()</c>. A firing that was running when its node died is then run again (with
/// <see cref="IJobExecutionContext.Recovering"/> set) by another PostgreSQL node once the dead node misses its check-in,
/// or on SQLite by the next start of the process. Jobs must therefore be safe to run twice.</remarks>
public sealed class FeedbackScheduler
{
    private readonly TaskCompletionSource<IScheduler> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FeedbackScheduler(IOptions<SchedulerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
    }

    /// <summary>The configured options (role, name, intervals).</summary>
    public SchedulerOptions Options { get; }

    /// <summary>The scheduler if it has been created; null while the node starts (or when disabled).</summary>
    public IScheduler? Current => _ready.Task.IsCompletedSuccessfully ? _ready.Task.Result : null;

    /// <summary>Why the scheduler could not be created or started, if it could not.</summary>
    public Exception? StartFailure => _ready.Task.Exception?.InnerException;

    /// <summary>The scheduler, as soon as the database is migrated and (on nodes that execute jobs) it is started.
    /// Schedule, pause or query jobs through it; on a <c>web</c> node it stores jobs without executing them.</summary>
    /// <exception cref="InvalidOperationException">The scheduler is disabled (<c>Scheduler:Enabled=false</c>).</exception>
    public Task<IScheduler> GetSchedulerAsync(CancellationToken cancellationToken)
    {
        if (!Options.Enabled)
        {
            throw new InvalidOperationException("The scheduler is disabled on this node (Scheduler:Enabled is false).");
        }

        return _ready.Task.WaitAsync(cancellationToken);
    }

    internal void Ready(IScheduler scheduler) => _ready.TrySetResult(scheduler);

    internal void Failed(Exception exception) => _ready.TrySetException(exception);
}
