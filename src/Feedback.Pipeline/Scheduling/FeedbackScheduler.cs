using Feedback.Core.Storage;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.Scheduling;

/// <summary>The pipeline's Hangfire: its storage, the clients that enqueue into it, and whether this node's job server
/// is up. Use <see cref="Jobs"/> and <see cref="Recurring"/> from here rather than Hangfire's static
/// <c>BackgroundJob</c>/<c>RecurringJob</c>: several hosts may share one process (tests), each with its own storage.</summary>
/// <remarks>Jobs must be safe to run twice: a job of a node that died is fetched again by another node, and the run's
/// own records decide what is left to do.</remarks>
public sealed class FeedbackScheduler
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lazy<JobStorage> _storage;
    private readonly Lazy<IBackgroundJobClient> _jobs;
    private readonly Lazy<IRecurringJobManager> _recurring;

    public FeedbackScheduler(IOptions<SchedulerOptions> options, ConfiguredDatabase database)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        _storage = new(() => Options.Enabled
            ? SchedulerStorage.Create(database, Options)
            : throw new InvalidOperationException("The scheduler is disabled on this node (Scheduler:Enabled is false)."));
        _jobs = new(() => new BackgroundJobClient(Storage));
        _recurring = new(() => new RecurringJobManager(Storage));
    }

    /// <summary>The configured options (role, queues, intervals).</summary>
    public SchedulerOptions Options { get; }

    /// <summary>Hangfire's storage (created on first use; on PostgreSQL that installs the <c>hangfire</c> schema).</summary>
    /// <exception cref="InvalidOperationException">The scheduler is disabled (<c>Scheduler:Enabled=false</c>).</exception>
    public JobStorage Storage => _storage.Value;

    /// <summary>Enqueues and schedules jobs into <see cref="Storage"/>.</summary>
    public IBackgroundJobClient Jobs => _jobs.Value;

    /// <summary>Adds, updates and removes recurring jobs in <see cref="Storage"/>.</summary>
    public IRecurringJobManager Recurring => _recurring.Value;

    /// <summary>Whether this node's job server runs (always false on a <c>web</c> node).</summary>
    public bool ServerRunning { get; internal set; }

    /// <summary>Why the scheduler could not start, if it could not.</summary>
    public Exception? StartFailure => _ready.Task.Exception?.InnerException;

    /// <summary>Whether the scheduler is up: storage reachable and, on nodes that execute jobs, the server started.</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Completes once the database is migrated, Hangfire's storage is ready and, on nodes that execute jobs,
    /// the job server runs.</summary>
    /// <exception cref="InvalidOperationException">The scheduler is disabled (<c>Scheduler:Enabled=false</c>).</exception>
    public Task WhenReadyAsync(CancellationToken cancellationToken)
    {
        if (!Options.Enabled)
        {
            throw new InvalidOperationException("The scheduler is disabled on this node (Scheduler:Enabled is false).");
        }

        return _ready.Task.WaitAsync(cancellationToken);
    }

    internal void Ready() => _ready.TrySetResult();

    internal void Failed(Exception exception) => _ready.TrySetException(exception);
}
