using Feedback.Core.Labels;
using Quartz;

namespace Feedback.Pipeline.Triggers;

/// <summary>The periodic loop: join new feedback into labels (incremental), then evaluate every model's automatic
/// triggers. One node at a time.</summary>
[DisallowConcurrentExecution]
public sealed class EvaluateTriggersJob(LabelJoiner joiner, TriggerEvaluator triggers) : IJob
{
    public static readonly JobKey Key = new("evaluate-triggers", Runs.RunScheduler.Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await joiner.JoinAllAsync(cancellationToken);
        await triggers.EvaluateAllAsync(cancellationToken);
    }
}

/// <summary>Fired by a model's cron trigger: starts a run with the schedule as its reason.</summary>
public sealed class ScheduledRunJob(Feedback.Core.Storage.FeedbackDbContext db, Runs.RunLauncher launcher) : IJob
{
    public const string ModelKey = "model";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.MergedJobDataMap.GetString(ModelKey);
        var model = db.Models.SingleOrDefault(m => m.Name == name);
        if (model is null)
        {
            return;
        }

        await launcher.StartAsync(model, Feedback.Core.Runs.RunTrigger.Schedule, $"cron schedule '{(context.Trigger as ICronTrigger)?.CronExpressionString}'", false, "schedule", cancellationToken);
    }
}
