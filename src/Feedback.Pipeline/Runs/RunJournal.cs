using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Pipeline.Events;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Pipeline.Runs;

/// <summary>Writes a run's state changes (run, step, attempt, log line) and publishes each one as an event, so the
/// stored history and the live view never disagree.</summary>
public sealed class RunJournal(FeedbackDbContext context, PipelineEventBus events, TimeProvider time)
{
    public FeedbackDbContext Context => context;

    public async Task<PipelineRun?> LoadAsync(long runId, CancellationToken cancellationToken) =>
        await context.PipelineRuns.AsTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);

    public async Task<List<RunStep>> StepsAsync(long runId, CancellationToken cancellationToken) =>
        await context.RunSteps.AsTracking().Where(s => s.RunId == runId).OrderBy(s => s.Ordinal).ToListAsync(cancellationToken);

    public async Task SetRunStatusAsync(PipelineRun run, string model, RunStatus status, RunOutcome? outcome = null, string? error = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var now = time.GetUtcNow();
        run.Status = status;
        run.Outcome = outcome ?? run.Outcome;
        run.Error = error is null ? run.Error : Truncate(error);
        run.UpdatedAt = now;
        if (status == RunStatus.Running)
        {
            run.StartedAt ??= now;
        }

        if (!run.IsActive)
        {
            run.FinishedAt = now;
            run.ActiveModelId = null;
            run.CurrentStep = null;
        }

        await context.SaveChangesAsync(CancellationToken.None);
        events.Publish(new RunStatusChanged(run.Id, model, now, run.Number, status, run.Outcome, run.Error));
    }

    public async Task<StepAttempt> BeginAttemptAsync(PipelineRun run, string model, RunStep step, string? node, int attemptNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(step);
        var now = time.GetUtcNow();
        step.Attempts++;
        step.Status = StepStatus.Running;
        step.StartedAt ??= now;
        step.RetryAt = null;
        step.Error = null;
        run.CurrentStep = step.Name;
        run.UpdatedAt = now;
        var attempt = new StepAttempt { StepId = step.Id, RunId = run.Id, Attempt = attemptNumber, Status = AttemptStatus.Running, Node = node, StartedAt = now };
        context.StepAttempts.Add(attempt);
        await context.SaveChangesAsync(cancellationToken);
        events.Publish(new StepStatusChanged(run.Id, model, now, step.Name, StepStatus.Running, step.Attempts, null));
        return attempt;
    }

    public async Task CompleteStepAsync(PipelineRun run, string model, RunStep step, StepAttempt? attempt, StepStatus status, string? error = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(step);
        var now = time.GetUtcNow();
        step.Status = status;
        step.Error = error is null ? null : Truncate(error);
        if (status == StepStatus.Skipped)
        {
            step.StartedAt = null;
        }

        if (status is StepStatus.Succeeded or StepStatus.Cached or StepStatus.Failed or StepStatus.Cancelled or StepStatus.Skipped)
        {
            step.FinishedAt = now;
        }

        if (attempt is not null)
        {
            attempt.Status = status switch
            {
                StepStatus.Succeeded or StepStatus.Cached => AttemptStatus.Succeeded,
                StepStatus.Cancelled => AttemptStatus.Cancelled,
                StepStatus.Pending => AttemptStatus.Interrupted,
                _ => AttemptStatus.Failed,
            };
            attempt.Error = step.Error;
            attempt.FinishedAt = now;
        }

        run.UpdatedAt = now;
        await context.SaveChangesAsync(CancellationToken.None);
        events.Publish(new StepStatusChanged(run.Id, model, now, step.Name, status, step.Attempts, step.Error));
    }

    /// <summary>Closes attempts left running by a process that died, so the history shows the interruption.</summary>
    public async Task CloseInterruptedAttemptsAsync(RunStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        var open = await context.StepAttempts.AsTracking().Where(a => a.StepId == step.Id && a.Status == AttemptStatus.Running).ToListAsync(cancellationToken);
        foreach (var attempt in open)
        {
            attempt.Status = AttemptStatus.Interrupted;
            attempt.FinishedAt = time.GetUtcNow();
            attempt.Error = "the process running this attempt stopped before it finished";
        }

        await context.SaveChangesAsync(cancellationToken);
    }

    public async Task LogAsync(long runId, string? step, string level, string message)
    {
        context.RunLogLines.Add(new RunLogLine { RunId = runId, Step = step, At = time.GetUtcNow(), Level = level, Message = Truncate(message) });
        await context.SaveChangesAsync(CancellationToken.None);
    }

    private static string Truncate(string text) => text.Length <= 8000 ? text : text[..7997] + "...";
}
