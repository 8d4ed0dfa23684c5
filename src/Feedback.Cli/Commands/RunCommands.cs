using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Feedback.Core.Errors;
using Feedback.Core.Models;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Pipeline.Events;
using Feedback.Pipeline.Runs;
using Feedback.Pipeline.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Cli.Commands;

/// <summary><c>run &lt;model&gt;</c> (start a run, optionally execute it here) and <c>runs &lt;model&gt;</c> (list them).</summary>
internal static class RunCommands
{
    public static Command Run(CliEnvironment environment)
    {
        var model = new Argument<string>("model") { Description = "The model to train." };
        var cold = new Option<bool>("--cold") { Description = "Train from scratch instead of warm-starting from the production version." };
        var reason = new Option<string?>("--reason") { Description = "Why the run was started (kept with the run)." };
        var wait = new Option<bool>("--wait") { Description = "Execute the run in this process, printing step transitions and training progress; exit 1 if it fails. Without it the run is only queued for a worker node." };
        var json = new Option<bool>("--json") { Description = "With --wait: print only the finished run and its evaluation as one JSON object (for scripts)." };
        var command = new Command("run", "Start a pipeline run of the model (manual trigger). A run over the same examples and definition as the last one ends " +
            "'nothing new' unless --cold.") { model, cold, reason, wait, json };
        command.SetBody(environment, async (context, cancellationToken) =>
        {
            var why = context.Value(reason);
            if (why is { Length: > 2000 })
            {
                throw new UsageException("--reason", "must be at most 2000 characters");
            }

            var services = await context.ServicesAsync(cancellationToken);
            var name = context.Value(model)!;
            var db = services.GetRequiredService<FeedbackDbContext>();
            var registered = await db.Models.SingleOrDefaultAsync(m => m.Name == name, cancellationToken)
                ?? throw new NotFoundException($"Model '{name}' does not exist.");
            await context.StartSchedulerAsync(cancellationToken);
            var executeHere = context.Value(wait);
            // Subscribed before the launch, so the queued transition is seen too.
            using var subscription = executeHere ? services.GetRequiredService<PipelineEventBus>().Subscribe() : null;
            var launch = await services.GetRequiredService<RunLauncher>().StartAsync(
                registered, RunTrigger.Manual, why ?? "manual request (cli)", context.Value(cold), $"cli:{Environment.UserName}", cancellationToken);
            var run = launch.Run;
            if (!launch.Created)
            {
                await context.Error.WriteLineAsync($"error: run #{run.Number} (id {run.Id}) of '{name}' is already {TextTable.Name(run.Status)}; one run per model at a time.");
                return ExitCodes.Failure;
            }

            if (!(executeHere && context.Value(json)))
            {
                await context.Output.WriteLineAsync($"Started run #{run.Number} (id {run.Id}) of '{name}'{(run.ColdStart ? ", cold start" : string.Empty)}.");
            }

            if (!executeHere)
            {
                await context.Output.WriteLineAsync($"Queued: a worker node executes it. Follow it with 'feedback runs {name}'.");
                return ExitCodes.Ok;
            }

            return await ExecuteHereAsync(context, services, run.Id, registered.TaskType, context.Value(json), subscription!, cancellationToken);
        });
        return command;
    }

    /// <summary>Executes the run with <see cref="RunExecutor"/> in this process, retries included, while printing its
    /// events. The run's lease keeps any worker that fetches its enqueued step job from executing it as well (such a
    /// job finds the run leased or moved on, and leaves it); should this process die, the run's heartbeat stops and a
    /// worker's recovery sweep resumes it.</summary>
    private static async Task<int> ExecuteHereAsync(
        CommandContext context, IServiceProvider services, long runId, TaskType task, bool json, PipelineEventSubscription subscription, CancellationToken cancellationToken)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var node = $"cli-{Environment.MachineName}-{Environment.ProcessId}";
        var printer = PrintAsync(subscription.Reader, runId, json ? TextWriter.Null : context.Output);
        PipelineRun final;
        try
        {
            while (true)
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<RunExecutor>().ExecuteAsync(runId, node, cancellationToken);
                }

                await using (var scope = scopes.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
                    final = await db.PipelineRuns.AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);
                    if (final.Status is not (RunStatus.Retrying or RunStatus.Queued or RunStatus.Running))
                    {
                        break;
                    }

                    // Retrying: wait for the back-off. Queued or running: a worker holds the run; follow it.
                    var retryAt = await db.RunSteps.Where(s => s.RunId == runId && s.Status == StepStatus.Retrying).Select(s => s.RetryAt).FirstOrDefaultAsync(cancellationToken);
                    var delay = final.Status == RunStatus.Retrying ? (retryAt ?? time.GetUtcNow()) - time.GetUtcNow() : TimeSpan.FromSeconds(1);
                    if (delay > TimeSpan.Zero)
                    {
                        await Task.Delay(delay, time, cancellationToken);
                    }
                }
            }
        }
        finally
        {
            subscription.Dispose();
            await printer;
        }

        var output = context.Output;
        RunEvaluation? evaluation;
        await using (var scope = scopes.CreateAsyncScope())
        {
            (await RunEvaluation.ForRunsAsync(scope.ServiceProvider.GetRequiredService<FeedbackDbContext>(), task, [runId], cancellationToken)).TryGetValue(runId, out evaluation);
        }

        if (json)
        {
            var model = await services.GetRequiredService<FeedbackDbContext>().Models.AsNoTracking().Where(m => m.Id == final.ModelId).Select(m => m.Name).SingleAsync(cancellationToken);
            await output.WriteLineAsync(JsonSerializer.Serialize(new { run = RunQueries.View(final, model), evaluation }, RunEvaluation.Json));
            return final.Status is RunStatus.Succeeded or RunStatus.WaitingForApproval ? ExitCodes.Ok : ExitCodes.Failure;
        }

        if (evaluation is not null)
        {
            await output.WriteLineAsync($"Evaluation: {evaluation.Headline()}; {evaluation.Validation()}.");
            await output.WriteLineAsync("  " + string.Join(", ", evaluation.Candidate.Select(m =>
                $"{m.Key} {m.Value?.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) ?? "undefined"}" +
                (evaluation.Production?.GetValueOrDefault(m.Key) is { } production && m.Value is { } value
                    ? $" ({(value - production).ToString("+0.0000;-0.0000;±0.0000", System.Globalization.CultureInfo.InvariantCulture)})"
                    : string.Empty))));
        }

        switch (final.Status)
        {
            case RunStatus.Succeeded:
                await output.WriteLineAsync(final.Outcome == RunOutcome.Pushed
                    ? $"Run #{final.Number} succeeded: pushed version {final.ProducedVersion}."
                    : $"Run #{final.Number} succeeded without a push: {TextTable.Name(final.Outcome ?? RunOutcome.NotBlessed)}.");
                return ExitCodes.Ok;
            case RunStatus.WaitingForApproval:
                await output.WriteLineAsync($"Run #{final.Number} waits for approval: approve or reject it in the web UI or with POST /api/v1/approvals/{{id}}:approve; a worker node then finishes it.");
                return ExitCodes.Ok;
            default:
                await context.Error.WriteLineAsync($"error: run #{final.Number} {TextTable.Name(final.Status)}{(final.Error is null ? string.Empty : $": {final.Error}")}");
                return ExitCodes.Failure;
        }
    }

    private static async Task PrintAsync(ChannelReader<PipelineEvent> events, long runId, TextWriter output)
    {
        await foreach (var pipelineEvent in events.ReadAllAsync())
        {
            if (pipelineEvent.RunId != runId)
            {
                continue;
            }

            var line = pipelineEvent switch
            {
                RunStatusChanged run => $"run #{run.Number}: {TextTable.Name(run.Status)}{(run.Error is null ? string.Empty : $" ({run.Error})")}",
                StepStatusChanged step => $"  {step.Step}: {TextTable.Name(step.Status)}{(step.Status == StepStatus.Running ? $" (attempt {step.Attempt})" : string.Empty)}{(step.Error is null ? string.Empty : $": {step.Error}")}",
                TrainingProgressed training => $"    iteration {training.Iteration}: training loss {training.TrainingLoss:0.#####}{(training.ValidationLoss is { } validation ? $", validation loss {validation:0.#####}" : string.Empty)}",
                _ => null,
            };
            if (line is not null)
            {
                await output.WriteLineAsync(line);
            }
        }
    }

    public static Command Runs(CliEnvironment environment)
    {
        var model = new Argument<string>("model") { Description = "The model whose runs to list." };
        var limit = new Option<int>("--limit") { Description = "How many runs, newest first.", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print the runs as a JSON array (the API's run fields plus snapshotId and evaluation), for scripts." };
        var command = new Command("runs", "List the model's pipeline runs, newest first, with the snapshot each one took, the primary metric against " +
            "production and the validation result.") { model, limit, json };
        command.SetBody(environment, async (context, cancellationToken) =>
        {
            var count = context.Value(limit);
            if (count is < 1 or > 1000)
            {
                throw new UsageException("--limit", $"must be between 1 and 1000, was {count}");
            }

            var services = await context.ServicesAsync(cancellationToken);
            var runs = await services.GetRequiredService<RunQueries>().ListAsync(context.Value(model)!, count, cancellationToken);
            var ids = runs.Select(r => r.Id).ToList();
            var db = services.GetRequiredService<FeedbackDbContext>();
            var task = await db.Models.Where(m => m.Name == context.Value(model)).Select(m => m.TaskType).SingleAsync(cancellationToken);
            var evaluations = await RunEvaluation.ForRunsAsync(db, task, ids, cancellationToken);
            var snapshots = (await db.RunArtifacts
                    .Where(a => ids.Contains(a.RunId) && a.Kind == ArtifactKinds.Snapshot)
                    .Select(a => new { a.RunId, a.Id })
                    .ToListAsync(cancellationToken))
                .GroupBy(a => a.RunId)
                .ToDictionary(g => g.Key, g => g.Max(a => a.Id));
            if (context.Value(json))
            {
                // The API's run objects, unchanged, with the table's extra fields added.
                var array = new JsonArray();
                foreach (var run in runs)
                {
                    var node = JsonSerializer.SerializeToNode(run, RunEvaluation.Json)!.AsObject();
                    node["snapshotId"] = snapshots.TryGetValue(run.Id, out var id) ? id : null;
                    node["evaluation"] = JsonSerializer.SerializeToNode(evaluations.GetValueOrDefault(run.Id), RunEvaluation.Json);
                    array.Add(node);
                }

                await context.Output.WriteLineAsync(array.ToJsonString(RunEvaluation.Json));
                return ExitCodes.Ok;
            }

            var table = new TextTable("#", "status", "outcome", "trigger", "reason", "version", "snapshot", "created", "started", "finished", "metric", "validation");
            foreach (var run in runs)
            {
                var evaluation = evaluations.GetValueOrDefault(run.Id);
                table.Add(
                    run.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    TextTable.Name(run.Status),
                    run.Outcome is { } outcome ? TextTable.Name(outcome) : null,
                    TextTable.Name(run.Trigger),
                    run.Reason.Length > 40 ? run.Reason[..39] + "…" : run.Reason,
                    run.ProducedVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    snapshots.TryGetValue(run.Id, out var snapshot) ? snapshot.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
                    TextTable.Time(run.CreatedAt),
                    TextTable.Time(run.StartedAt),
                    TextTable.Time(run.FinishedAt),
                    evaluation?.Headline(),
                    evaluation?.Validation());
            }

            if (table.Count == 0)
            {
                await context.Output.WriteLineAsync($"Model '{context.Value(model)}' has no runs yet.");
                return ExitCodes.Ok;
            }

            await table.WriteAsync(context.Output);
            return ExitCodes.Ok;
        });
        return command;
    }
}
