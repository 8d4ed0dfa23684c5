using System.Diagnostics;
using System.Text.Json;
using Feedback.Core.Models;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Pipeline.Artifacts;
using Feedback.Pipeline.Data;
using Feedback.Pipeline.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Bench.Pipeline;

/// <summary>One step of a finished run as <c>run_steps</c> recorded it.</summary>
internal sealed record StepTime(string Name, StepStatus Status, double Seconds, string? Summary);

/// <summary>One pipeline run executed in this process: how long starting and executing took, each step's time from
/// <c>run_steps</c>, the peak managed heap while it executed, and the snapshot it trained on (for the baseline).</summary>
internal sealed record MeasuredRun(
    long RunId,
    RunStatus Status,
    RunOutcome? Outcome,
    string? Error,
    double StartSeconds,
    double ExecuteSeconds,
    long PeakManagedBytes,
    IReadOnlyList<StepTime> Steps,
    Snapshot? Snapshot)
{
    public double StepSeconds => Steps.Sum(s => s.Seconds);

    public StepTime Step(string name) => Steps.Single(s => s.Name == name);

    /// <summary>A number or flag from a step's summary JSON, as text; empty when absent.</summary>
    public string SummaryValue(string step, string property) =>
        Step(step).Summary is { } summary && JsonDocument.Parse(summary).RootElement.TryGetProperty(property, out var value) ? value.ToString() : string.Empty;

    /// <summary>Starts a run of <paramref name="model"/> and executes it here: directly with the executor, or with
    /// <paramref name="viaJobs"/> as Hangfire step jobs on this process's job server (waiting until the run ends).</summary>
    public static async Task<MeasuredRun> ExecuteAsync(IServiceProvider services, RegisteredModel model, bool viaJobs)
    {
        await using var memory = PeakMemory.Start();
        var watch = Stopwatch.StartNew();
        long runId;
        await using (var scope = services.CreateAsyncScope())
        {
            var launch = await scope.ServiceProvider.GetRequiredService<RunLauncher>().StartAsync(model, RunTrigger.Manual, "benchmark", coldStart: false, "bench", CancellationToken.None);
            if (!launch.Created)
            {
                throw new InvalidOperationException($"Run {launch.Run.Id} of the model is still active.");
            }

            runId = launch.Run.Id;
        }

        var startSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        if (viaJobs)
        {
            // The launcher enqueued the first step's job; each step enqueues the next. Poll the run's own record.
            while (true)
            {
                await using var scope = services.CreateAsyncScope();
                var status = await scope.ServiceProvider.GetRequiredService<FeedbackDbContext>().PipelineRuns.Where(r => r.Id == runId).Select(r => r.ActiveModelId).SingleAsync();
                if (status is null)
                {
                    break;
                }

                await Task.Delay(20);
            }
        }
        else
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RunExecutor>().ExecuteAsync(runId, "bench", CancellationToken.None);
        }

        var executeSeconds = watch.Elapsed.TotalSeconds;
        var peak = await memory.StopAsync();

        await using var read = services.CreateAsyncScope();
        var db = read.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        var run = await db.PipelineRuns.AsNoTracking().SingleAsync(r => r.Id == runId);
        var steps = (await db.RunSteps.AsNoTracking().Where(s => s.RunId == runId).OrderBy(s => s.Ordinal).ToListAsync())
            .Select(s => new StepTime(s.Name, s.Status, s.StartedAt is { } started && s.FinishedAt is { } finished ? (finished - started).TotalSeconds : 0, s.Summary))
            .ToList();
        var artifacts = read.ServiceProvider.GetRequiredService<ArtifactStore>();
        var snapshot = await artifacts.FindAsync(runId, ArtifactKinds.Snapshot, CancellationToken.None) is { } artifact
            ? Snapshot.FromBytes(await artifacts.ContentAsync(artifact, CancellationToken.None))
            : null;
        return new MeasuredRun(runId, run.Status, run.Outcome, run.Error, startSeconds, executeSeconds, peak, steps, snapshot);
    }
}
