using Feedback.Core.Labels;
using Feedback.Core.Storage;
using Feedback.Pipeline.Runs;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Pipeline.Triggers;

/// <summary>The periodic loop (a recurring job): join new feedback into labels (incremental), then evaluate every
/// model's automatic triggers. One execution at a time across the nodes.</summary>
[AutomaticRetry(Attempts = 0, LogEvents = false, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
[DisableConcurrentExecution(timeoutInSeconds: 1)]
public sealed class EvaluateTriggersJob(LabelJoiner joiner, TriggerEvaluator triggers)
{
    /// <summary>The recurring job's id.</summary>
    public const string RecurringId = "pipeline:evaluate-triggers";

    [JobDisplayName("Label join and trigger evaluation")]
    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        await joiner.JoinAllAsync(cancellationToken);
        await triggers.EvaluateAllAsync(cancellationToken);
    }
}

/// <summary>Fired by a model's cron schedule (a recurring job per model): starts a run with the schedule as its reason.</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class ScheduledRunJob(FeedbackDbContext db, RunLauncher launcher)
{
    /// <summary>The prefix of the per-model recurring jobs' ids (<c>model-schedule:churn</c>).</summary>
    public const string RecurringPrefix = "model-schedule:";

    [JobDisplayName("Cron schedule '{1}' of {0}")]
    public async Task ExecuteAsync(string model, string cron, CancellationToken cancellationToken)
    {
        var registered = await db.Models.SingleOrDefaultAsync(m => m.Name == model, cancellationToken);
        if (registered is null)
        {
            return;
        }

        await launcher.StartAsync(registered, Feedback.Core.Runs.RunTrigger.Schedule, $"cron schedule '{cron}'", false, "schedule", cancellationToken);
    }
}
