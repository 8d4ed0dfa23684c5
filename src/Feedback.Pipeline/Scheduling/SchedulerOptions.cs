using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.Scheduling;

/// <summary>What a node does with the pipeline's jobs.</summary>
public enum SchedulerRole
{
    /// <summary>Schedules and executes jobs: the embedded single-process default.</summary>
    All,

    /// <summary>Schedules jobs into the shared store but never executes them (HTTP nodes).</summary>
    Web,

    /// <summary>Executes jobs (and may schedule them too).</summary>
    Worker,
}

/// <summary>The Quartz.NET scheduler that runs the pipeline's jobs. Bound from the <c>Scheduler</c> section.</summary>
/// <remarks>The store is always the product's own database (<c>Database</c> section), in tables created by our
/// migrations. On PostgreSQL every node joins one cluster; on SQLite one process owns the schedule.</remarks>
public sealed class SchedulerOptions
{
    public const string SectionName = "Scheduler";

    /// <summary>Run a scheduler in this process at all. Defaults to true. When false nothing is scheduled or executed
    /// here and <c>/readyz</c> does not wait for a scheduler.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The scheduler's name, shared by every node of one cluster (Quartz's <c>SCHED_NAME</c>). Defaults to
    /// <c>feedback</c>. Nodes with different names on one database are independent schedules.</summary>
    public string InstanceName { get; set; } = "feedback";

    /// <summary>How many jobs this node executes at once. Defaults to 4. Training is CPU-bound, so more rarely helps.</summary>
    public int ThreadCount { get; set; } = 4;

    /// <summary>PostgreSQL only: how often a node records that it is alive. Another node recovers the jobs of a node
    /// that missed its check-in by this interval plus <see cref="MisfireThreshold"/>. Defaults to 15 seconds.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How late a trigger may fire before it counts as misfired (and its misfire instruction applies).
    /// Defaults to 60 seconds.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary><c>all</c> (default), <c>web</c> (schedules, never executes) or <c>worker</c> (executes).</summary>
    public SchedulerRole Role { get; set; } = SchedulerRole.All;

    /// <summary>Whether this node executes jobs.</summary>
    public bool ExecutesJobs => Role != SchedulerRole.Web;
}

/// <summary>Collects every problem with <see cref="SchedulerOptions"/> at once, naming the key and the value.</summary>
internal sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.InstanceName) || options.InstanceName.Length > 120)
        {
            // 120: the width of SCHED_NAME in Quartz's SQLite schema.
            failures.Add($"Scheduler:InstanceName must be 1 to 120 characters, was '{options.InstanceName}'.");
        }

        if (options.ThreadCount is < 1 or > 100)
        {
            failures.Add($"Scheduler:ThreadCount must be between 1 and 100, was {options.ThreadCount}.");
        }

        if (options.CheckinInterval < TimeSpan.FromSeconds(1) || options.CheckinInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Scheduler:CheckinInterval must be between 00:00:01 and 00:10:00, was {options.CheckinInterval}.");
        }

        if (options.MisfireThreshold < TimeSpan.FromSeconds(1) || options.MisfireThreshold > TimeSpan.FromHours(1))
        {
            failures.Add($"Scheduler:MisfireThreshold must be between 00:00:01 and 01:00:00, was {options.MisfireThreshold}.");
        }

        if (!Enum.IsDefined(options.Role))
        {
            failures.Add($"Scheduler:Role must be all, web or worker, was {options.Role}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
