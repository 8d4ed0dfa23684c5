using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Feedback.Core.Models;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Pipeline.Artifacts;
using Feedback.Pipeline.Events;
using Feedback.Pipeline.Steps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.Runs;

/// <summary>Executes a run (or one step of it, as a Hangfire job) from its first unfinished step: caching, attempts and retries with back-off, cancellation
/// (at step boundaries and inside steps), suspension for approval, and a heartbeat that lets any node resume a run
/// whose process died. Every transition goes through the <see cref="RunJournal"/>.</summary>
public sealed partial class RunExecutor(
    FeedbackDbContext db,
    RunJournal journal,
    ArtifactStore artifacts,
    PipelineEventBus events,
    RunScheduler scheduler,
    RunCancellation cancellations,
    RunLease leases,
    IEnumerable<IPipelineStep> steps,
    IServiceProvider services,
    IServiceScopeFactory scopes,
    IOptions<PipelineOptions> options,
    TimeProvider time,
    ILogger<RunExecutor> logger)
{
    private static readonly JsonSerializerOptions SummaryJson = new(JsonSerializerDefaults.Web);

    // How long a job waits for the run's lease: the job of the previous step may still be releasing it.
    private static readonly TimeSpan LeaseWait = TimeSpan.FromSeconds(5);

    /// <summary>Executes the run from its first unfinished step to its end (or its next wait: a retry's back-off, an
    /// approval). For a process that executes a run itself: the CLI, the pipeline benchmark.</summary>
    public Task ExecuteAsync(long runId, string? node, CancellationToken jobToken) => ExecuteCoreAsync(runId, null, node, jobToken);

    /// <summary>Executes <paramref name="step"/>, the run's first unfinished step, then enqueues the job of the step
    /// after it. Does nothing when the run has moved on (a job fetched again after its node died) or another executor
    /// holds the run.</summary>
    public Task ExecuteStepAsync(long runId, string step, string? node, CancellationToken jobToken) => ExecuteCoreAsync(runId, step, node, jobToken);

    private async Task ExecuteCoreAsync(long runId, string? onlyStep, string? node, CancellationToken jobToken)
    {
        bool next;
        await using (var lease = await leases.TryAcquireAsync(runId, LeaseWait, jobToken))
        {
            if (lease is null)
            {
                LogLeaseHeld(logger, runId);
                return;
            }

            next = await ExecuteLeasedAsync(runId, onlyStep, node, jobToken);
        }

        // After the lease is released, so the next step's job finds it free.
        if (next)
        {
            await scheduler.ScheduleRunAsync(runId, null, CancellationToken.None);
        }
    }

    private async Task<bool> ExecuteLeasedAsync(long runId, string? onlyStep, string? node, CancellationToken jobToken)
    {
        var run = await journal.LoadAsync(runId, jobToken);
        if (run is null || !run.IsActive)
        {
            return false;
        }

        var model = await db.Models.AsNoTracking().SingleAsync(m => m.Id == run.ModelId, jobToken);
        var revision = await db.ModelRevisions.AsNoTracking().SingleAsync(r => r.ModelId == model.Id && r.Revision == run.DefinitionRevision, jobToken);
        var definition = ModelDefinitionReader.FromStored(revision.Definition);
        var rows = await journal.StepsAsync(run.Id, jobToken);
        var now = time.GetUtcNow();
        if (run.Status == RunStatus.Retrying && rows.FirstOrDefault(s => s.Status == StepStatus.Retrying)?.RetryAt is { } retryAt && retryAt > now + TimeSpan.FromSeconds(1))
        {
            return false; // fired early (recovery sweep); the retry's job will come
        }

        if (run.Status == RunStatus.WaitingForApproval
            && await db.ApprovalRequests.AnyAsync(a => a.RunId == run.Id && a.Status == ApprovalStatus.Pending, jobToken))
        {
            return false;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(jobToken);
        cancellations.Register(run.Id, cancel);
        if (run.CancelRequested)
        {
            // Requested while no step ran (between two step jobs): stop before starting the next one.
            await cancel.CancelAsync();
        }

        using var heartbeat = new CancellationTokenSource();
        var beating = HeartbeatAsync(run.Id, cancel, heartbeat.Token);
        try
        {
            await journal.SetRunStatusAsync(run, model.Name, RunStatus.Running, cancellationToken: jobToken);
            LogRunStarted(logger, run.Id, model.Name, run.Number, node);
            var context = new StepContext(run, model, definition, artifacts, journal, events, services, time);
            return await ExecuteStepsAsync(context, rows, onlyStep, node, cancel.Token, jobToken);
        }
        finally
        {
            await heartbeat.CancelAsync();
            await beating;
            cancellations.Unregister(run.Id);
        }
    }

    /// <summary>Executes the unfinished steps in order; with <paramref name="onlyStep"/>, that one only. Returns
    /// whether the job of the next step is to be enqueued.</summary>
    private async Task<bool> ExecuteStepsAsync(StepContext context, List<RunStep> rows, string? onlyStep, string? node, CancellationToken token, CancellationToken jobToken)
    {
        var run = context.Run;
        var model = context.Model.Name;
        var executedOne = false;
        foreach (var row in rows.Where(s => s.Status is not (StepStatus.Succeeded or StepStatus.Cached)))
        {
            if (onlyStep is not null)
            {
                if (executedOne)
                {
                    return true;
                }

                if (row.Name != onlyStep)
                {
                    LogStaleStepJob(logger, run.Id, onlyStep, row.Name);
                    return false;
                }
            }

            executedOne = true;
            var step = steps.Single(s => s.Name == row.Name);
            context.CurrentStep = step.Name;
            var reentering = step is ApprovalStep && row.Status == StepStatus.Running;
            StepAttempt? attempt;
            if (reentering)
            {
                attempt = await db.StepAttempts.AsTracking().Where(a => a.StepId == row.Id && a.Status == AttemptStatus.Running).OrderByDescending(a => a.Id).FirstOrDefaultAsync(jobToken);
            }
            else
            {
                if (token.IsCancellationRequested && !jobToken.IsCancellationRequested && !cancellations.Stopping)
                {
                    await CancelAsync(context, row, null, rows);
                    return false;
                }

                if (jobToken.IsCancellationRequested || cancellations.Stopping)
                {
                    return false; // stopping between steps: nothing to record, the run resumes here
                }

                if (row.Status == StepStatus.Running)
                {
                    await journal.CloseInterruptedAttemptsAsync(row, jobToken);
                    LogStepInterrupted(logger, run.Id, row.Name);
                }

                await artifacts.DiscardAsync(run.Id, row.Name, jobToken);
                attempt = await journal.BeginAttemptAsync(run, model, row, node, await NextAttemptNumberAsync(row, jobToken), jobToken);
            }

            try
            {
                var inputs = await step.InputsAsync(context, token);
                row.Inputs = JsonSerializer.Serialize(inputs.Select(a => a.Id));
                if (step.CacheKey(context) is { } key)
                {
                    row.Fingerprint = Fingerprint(step.Name, key, inputs);
                    if (await ReuseAsync(context, row, token))
                    {
                        await journal.CompleteStepAsync(run, model, row, attempt, StepStatus.Cached);
                        continue;
                    }
                }

                var result = await step.ExecuteAsync(context, inputs, token);
                row.Summary = result.Summary is null ? null : JsonSerializer.Serialize(result.Summary, SummaryJson);
                switch (result.Flow)
                {
                    case StepFlow.Suspend:
                        await db.SaveChangesAsync(CancellationToken.None);
                        await journal.SetRunStatusAsync(run, model, RunStatus.WaitingForApproval);
                        return false;
                    case StepFlow.EndRun:
                        await journal.CompleteStepAsync(run, model, row, attempt, StepStatus.Succeeded);
                        await SkipRemainingAsync(context, rows);
                        await journal.SetRunStatusAsync(run, model, RunStatus.Succeeded, result.Outcome);
                        LogRunFinished(logger, run.Id, model, RunStatus.Succeeded, result.Outcome);
                        return false;
                    default:
                        await journal.CompleteStepAsync(run, model, row, attempt, StepStatus.Succeeded);
                        break;
                }
            }
            catch (OperationCanceledException) when (jobToken.IsCancellationRequested || cancellations.Stopping)
            {
                // The process is stopping: the step is left to be resumed (the heartbeat stops, recovery picks it up).
                await journal.CompleteStepAsync(run, model, row, attempt, StepStatus.Pending, "interrupted: the process running it stopped");
                LogStepInterrupted(logger, run.Id, row.Name);
                return false;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                await CancelAsync(context, row, attempt, rows);
                return false;
            }
            catch (StepFailedException exception)
            {
                await FailAsync(context, row, attempt, exception.Message);
                return false;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                var message = $"{exception.GetType().Name}: {exception.Message}";
                if (row.Attempts < context.Definition.Pipeline.MaxAttempts)
                {
                    var delay = context.Definition.Pipeline.RetryBackoff * Math.Pow(2, row.Attempts - 1);
                    row.RetryAt = time.GetUtcNow() + delay;
                    await journal.CompleteStepAsync(run, model, row, attempt, StepStatus.Retrying, message);
                    await journal.LogAsync(run.Id, row.Name, "warning", $"Attempt {row.Attempts} failed ({message}); retrying in {delay.TotalSeconds:0.###} s.");
                    await journal.SetRunStatusAsync(run, model, RunStatus.Retrying);
                    await scheduler.ScheduleRunAsync(run.Id, row.RetryAt, CancellationToken.None);
                    LogStepRetrying(logger, exception, run.Id, row.Name, row.Attempts, delay);
                    return false;
                }

                await FailAsync(context, row, attempt, $"{message} (after {row.Attempts} attempts)");
                return false;
            }
        }

        await journal.SetRunStatusAsync(run, model, RunStatus.Succeeded, RunOutcome.Pushed);
        LogRunFinished(logger, run.Id, model, RunStatus.Succeeded, RunOutcome.Pushed);
        return false;
    }

    private async Task<int> NextAttemptNumberAsync(RunStep row, CancellationToken cancellationToken) =>
        (await db.StepAttempts.Where(a => a.StepId == row.Id).MaxAsync(a => (int?)a.Attempt, cancellationToken) ?? 0) + 1;

    private static string Fingerprint(string step, string key, IReadOnlyList<RunArtifact> inputs)
    {
        var text = new StringBuilder(step).Append('\n').Append(key);
        foreach (var input in inputs)
        {
            text.Append('\n').Append(input.Kind).Append('=').Append(input.Hash);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The cache: an earlier successful step of the same model with the same fingerprint lends its outputs.</summary>
    private async Task<bool> ReuseAsync(StepContext context, RunStep row, CancellationToken cancellationToken)
    {
        var earlier = await db.RunSteps.AsNoTracking()
            .Where(s => s.Name == row.Name && s.Fingerprint == row.Fingerprint && s.RunId != row.RunId && (s.Status == StepStatus.Succeeded || s.Status == StepStatus.Cached))
            .Join(db.PipelineRuns.Where(r => r.ModelId == context.Model.Id), s => s.RunId, r => r.Id, (s, _) => s)
            .OrderByDescending(s => s.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (earlier is null)
        {
            return false;
        }

        foreach (var output in await artifacts.OutputsAsync(earlier.RunId, row.Name, cancellationToken))
        {
            await artifacts.ReuseAsync(context.Run, row.Name, output, cancellationToken);
        }

        row.Summary = earlier.Summary;
        row.CachedFromRunId = earlier.CachedFromRunId ?? earlier.RunId;
        await journal.LogAsync(context.Run.Id, row.Name, "info", $"Inputs unchanged since run {row.CachedFromRunId}: outputs reused.");
        return true;
    }

    private async Task FailAsync(StepContext context, RunStep row, StepAttempt? attempt, string error)
    {
        await journal.CompleteStepAsync(context.Run, context.Model.Name, row, attempt, StepStatus.Failed, error);
        await journal.LogAsync(context.Run.Id, row.Name, "error", error);
        await journal.SetRunStatusAsync(context.Run, context.Model.Name, RunStatus.Failed, error: $"{row.Name}: {error}");
        LogRunFinished(logger, context.Run.Id, context.Model.Name, RunStatus.Failed, null);
    }

    private async Task CancelAsync(StepContext context, RunStep row, StepAttempt? attempt, List<RunStep> rows)
    {
        await journal.CompleteStepAsync(context.Run, context.Model.Name, row, attempt, StepStatus.Cancelled, "cancelled on request");
        await SkipRemainingAsync(context, rows);
        await WithdrawApprovalsAsync(context.Run.Id);
        await journal.SetRunStatusAsync(context.Run, context.Model.Name, RunStatus.Cancelled);
        LogRunFinished(logger, context.Run.Id, context.Model.Name, RunStatus.Cancelled, null);
    }

    private async Task SkipRemainingAsync(StepContext context, List<RunStep> rows)
    {
        foreach (var rest in rows.Where(s => s.Status is StepStatus.Pending or StepStatus.Retrying))
        {
            await journal.CompleteStepAsync(context.Run, context.Model.Name, rest, null, StepStatus.Skipped);
        }
    }

    private Task<int> WithdrawApprovalsAsync(long runId) =>
        db.ApprovalRequests.Where(a => a.RunId == runId && a.Status == ApprovalStatus.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, ApprovalStatus.Withdrawn), CancellationToken.None);

    // The heartbeat proves the run is alive (so recovery leaves it alone) and carries cancel requests made on other nodes.
    private async Task HeartbeatAsync(long runId, CancellationTokenSource cancel, CancellationToken stop)
    {
        var interval = options.Value.HeartbeatInterval;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    var context = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
                    var now = time.GetUtcNow();
                    await context.PipelineRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(u => u.SetProperty(r => r.UpdatedAt, now), stop);
                    if (await context.PipelineRuns.Where(r => r.Id == runId).Select(r => r.CancelRequested).SingleAsync(stop))
                    {
                        await cancel.CancelAsync();
                    }
                }

                await Task.Delay(interval, time, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or TimeoutException)
            {
                // A missed beat is harmless as long as the next one lands before the run counts as stale.
                LogHeartbeatFailed(logger, exception, runId);
                try
                {
                    await Task.Delay(interval, time, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} of {Model} (#{Number}) executing on {Node}")]
    private static partial void LogRunStarted(ILogger logger, long runId, string model, int number, string? node);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} of {Model} finished: {Status} {Outcome}")]
    private static partial void LogRunFinished(ILogger logger, long runId, string model, RunStatus status, RunOutcome? outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} step {Step} attempt {Attempt} failed; retrying in {Delay}")]
    private static partial void LogStepRetrying(ILogger logger, Exception exception, long runId, string step, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} step {Step} was interrupted and will be resumed")]
    private static partial void LogStepInterrupted(ILogger logger, long runId, string step);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} is executed by another job; this one leaves it")]
    private static partial void LogLeaseHeld(ILogger logger, long runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: the job for step {JobStep} is stale (the run is at {Step}); it leaves the run")]
    private static partial void LogStaleStepJob(ILogger logger, long runId, string jobStep, string step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat of run {RunId} failed")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception, long runId);
}
