using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.Scheduling;

/// <summary>What a node does with the pipeline's jobs.</summary>
public enum SchedulerRole
{
    /// <summary>Enqueues and executes jobs on every queue: the embedded single-process default.</summary>
    All,

    /// <summary>Enqueues jobs into the shared storage but runs no Hangfire server (HTTP nodes): it never trains.</summary>
    Web,

    /// <summary>Runs a Hangfire server on <see cref="SchedulerOptions.Queues"/> (and may enqueue too).</summary>
    Worker,
}

/// <summary>The Hangfire jobs that run the pipeline. Bound from the <c>Scheduler</c> section.</summary>
/// <remarks>Storage follows the <c>Database</c> section: on PostgreSQL, Hangfire's tables live in the schema
/// <c>hangfire</c> of the product's database, shared by every node; on SQLite, in a file of their own next to the
/// database, used by one process only.</remarks>
public sealed class SchedulerOptions
{
    public const string SectionName = "Scheduler";

    /// <summary>Use Hangfire in this process at all. Defaults to true. When false nothing is enqueued or executed
    /// here and <c>/readyz</c> does not wait for a job server.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>all</c> (default), <c>web</c> (enqueues, never executes) or <c>worker</c> (executes).</summary>
    public SchedulerRole Role { get; set; } = SchedulerRole.All;

    /// <summary>The queues this node's server listens to, in priority order. Empty (the default) means every queue
    /// (<c>training</c>, <c>default</c>, <c>notifications</c>); a worker given only <c>training</c> trains and nothing else.</summary>
    public string[] Queues { get; set; } = [];

    /// <summary>The queues this node's server listens to: <see cref="Queues"/>, or all of them.</summary>
    public IReadOnlyList<string> EffectiveQueues => Queues is { Length: > 0 } queues ? queues : JobQueues.All;

    /// <summary>How many jobs this node executes at once. Defaults to 4. Training is CPU-bound, so more rarely helps.</summary>
    public int WorkerCount { get; set; } = 4;

    /// <summary>How often an idle worker looks for an enqueued job. Defaults to 200 ms.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often delayed jobs (retries after their back-off, approval deadlines) and recurring jobs are
    /// checked. Defaults to 1 second, the precision of a retry's back-off and of a cron schedule with seconds.</summary>
    public TimeSpan SchedulePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>PostgreSQL: how long a job fetched by a node stays invisible to the others. It slides while the job
    /// runs, so a long training keeps it; when a node dies its job is fetched again by another node after this
    /// long. Defaults to 5 minutes.</summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a stopping node waits for its jobs to notice the cancellation. Defaults to 10 seconds; a job
    /// still running after that is abandoned and its run resumed elsewhere.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether this node runs a Hangfire server.</summary>
    public bool ExecutesJobs => Role != SchedulerRole.Web;
}

/// <summary>Collects every problem with <see cref="SchedulerOptions"/> at once, naming the key and the value.</summary>
internal sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.WorkerCount is < 1 or > 100)
        {
            failures.Add($"Scheduler:WorkerCount must be between 1 and 100, was {options.WorkerCount}.");
        }

        if (!Enum.IsDefined(options.Role))
        {
            failures.Add($"Scheduler:Role must be all, web or worker, was {options.Role}.");
        }

        if (options.Queues?.FirstOrDefault(q => !JobQueues.All.Contains(q)) is { } unknown)
        {
            failures.Add($"Scheduler:Queues may hold {string.Join(", ", JobQueues.All)}, not '{unknown}'.");
        }

        Between(failures, "QueuePollInterval", options.QueuePollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        Between(failures, "SchedulePollInterval", options.SchedulePollInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        Between(failures, "InvisibilityTimeout", options.InvisibilityTimeout, TimeSpan.FromSeconds(5), TimeSpan.FromHours(1));
        Between(failures, "ShutdownTimeout", options.ShutdownTimeout, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Between(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"Scheduler:{key} must be between {min} and {max}, was {value}.");
        }
    }
}
