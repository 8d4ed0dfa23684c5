using Feedback.Core.Errors;
using Feedback.Core.Models;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Pipeline.Events;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Pipeline.Runs;

/// <summary>A run request and what became of it: a new run, or the model's run that was already active.</summary>
public sealed record RunLaunch(PipelineRun Run, bool Created);

/// <summary>Starts, cancels and resumes runs. One run per model is active at a time: the database enforces it (a
/// unique index on the active model), so concurrent triggers on any nodes produce one run.</summary>
public sealed class RunLauncher(FeedbackDbContext db, ModelVersionRegistry versions, RunScheduler scheduler, RunCancellation cancellations, PipelineEventBus events, TimeProvider time)
{
    public async Task<RunLaunch> StartAsync(RegisteredModel model, RunTrigger trigger, string reason, bool coldStart, string? requestedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (await ActiveAsync(model.Id, cancellationToken) is { } active)
        {
            return new RunLaunch(active, false);
        }

        var now = time.GetUtcNow();
        var number = (await db.PipelineRuns.Where(r => r.ModelId == model.Id).MaxAsync(r => (int?)r.Number, cancellationToken) ?? 0) + 1;
        var run = new PipelineRun
        {
            ModelId = model.Id,
            Number = number,
            Status = RunStatus.Queued,
            Trigger = trigger,
            Reason = reason.Length > 2000 ? reason[..2000] : reason,
            ColdStart = coldStart,
            RequestedBy = requestedBy,
            DefinitionRevision = model.CurrentRevision,
            ActiveModelId = model.Id,
            BaselineVersion = await versions.AliasVersionAsync(model.Id, "production", cancellationToken),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.PipelineRuns.Add(run);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return await ActiveAsync(model.Id, cancellationToken) is { } winner
                    ? new RunLaunch(winner, false)
                    : throw new ConflictException("run", $"another run of '{model.Name}' was created at the same moment; try again");
            }

            var ordinal = 0;
            foreach (var name in PipelineStepNames.InOrder)
            {
                db.RunSteps.Add(new RunStep { RunId = run.Id, Name = name, Ordinal = ordinal++, Status = StepStatus.Pending });
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        events.Publish(new RunStatusChanged(run.Id, model.Name, now, run.Number, RunStatus.Queued, null, null));
        await scheduler.ScheduleRunAsync(run.Id, null, cancellationToken);
        return new RunLaunch(run, true);
    }

    /// <summary>Requests cancellation: a waiting run ends at once; an executing one at its next step boundary or
    /// training iteration, on whichever node runs it.</summary>
    public async Task<PipelineRun> CancelAsync(long runId, CancellationToken cancellationToken)
    {
        var run = await db.PipelineRuns.AsTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken)
            ?? throw new NotFoundException($"run {runId} does not exist");
        if (!run.IsActive)
        {
            throw new ConflictException("run", $"run {runId} has already finished ({run.Status})");
        }

        await db.PipelineRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(u => u.SetProperty(r => r.CancelRequested, true), cancellationToken);
        var now = time.GetUtcNow();
        var ended = await db.PipelineRuns
            .Where(r => r.Id == runId && (r.Status == RunStatus.Queued || r.Status == RunStatus.Retrying || r.Status == RunStatus.WaitingForApproval))
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, RunStatus.Cancelled)
                .SetProperty(r => r.ActiveModelId, (long?)null)
                .SetProperty(r => r.CurrentStep, (string?)null)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.UpdatedAt, now), cancellationToken);
        if (ended > 0)
        {
            await db.RunSteps.Where(s => s.RunId == runId && (s.Status == StepStatus.Pending || s.Status == StepStatus.Retrying || s.Status == StepStatus.Running))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, StepStatus.Cancelled).SetProperty(s => s.FinishedAt, now), cancellationToken);
            await db.StepAttempts.Where(a => a.RunId == runId && a.Status == AttemptStatus.Running)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AttemptStatus.Cancelled).SetProperty(a => a.FinishedAt, now), cancellationToken);
            await db.ApprovalRequests.Where(a => a.RunId == runId && a.Status == ApprovalStatus.Pending)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, ApprovalStatus.Withdrawn), cancellationToken);
            var model = await db.Models.Where(m => m.Id == run.ModelId).Select(m => m.Name).SingleAsync(cancellationToken);
            events.Publish(new RunStatusChanged(run.Id, model, now, run.Number, RunStatus.Cancelled, null, null));
        }
        else
        {
            cancellations.TryCancel(runId);
        }

        await db.Entry(run).ReloadAsync(cancellationToken);
        return run;
    }

    /// <summary>Resumes a failed or cancelled run from its first unfinished step, with a fresh retry budget.</summary>
    public async Task<PipelineRun> ResumeAsync(long runId, CancellationToken cancellationToken)
    {
        var run = await db.PipelineRuns.AsTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken)
            ?? throw new NotFoundException($"run {runId} does not exist");
        if (run.Status is not (RunStatus.Failed or RunStatus.Cancelled))
        {
            throw new ConflictException("run", $"only a failed or cancelled run can be resumed; run {runId} is {run.Status}");
        }

        var now = time.GetUtcNow();
        run.Status = RunStatus.Queued;
        run.ActiveModelId = run.ModelId;
        run.Error = null;
        run.CancelRequested = false;
        run.FinishedAt = null;
        run.UpdatedAt = now;
        foreach (var step in await db.RunSteps.AsTracking().Where(s => s.RunId == runId && s.Status != StepStatus.Succeeded && s.Status != StepStatus.Cached).ToListAsync(cancellationToken))
        {
            step.Status = StepStatus.Pending;
            step.Attempts = 0;
            step.Error = null;
            step.RetryAt = null;
            step.FinishedAt = null;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("run", "another run of this model is active; wait for it or cancel it first");
        }

        var model = await db.Models.Where(m => m.Id == run.ModelId).Select(m => m.Name).SingleAsync(cancellationToken);
        events.Publish(new RunStatusChanged(run.Id, model, now, run.Number, RunStatus.Queued, null, null));
        await scheduler.ScheduleRunAsync(run.Id, null, cancellationToken);
        return run;
    }

    private Task<PipelineRun?> ActiveAsync(long modelId, CancellationToken cancellationToken) =>
        db.PipelineRuns.AsNoTracking().SingleOrDefaultAsync(r => r.ActiveModelId == modelId, cancellationToken);
}
