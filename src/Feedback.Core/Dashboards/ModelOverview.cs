using Feedback.Core.Models;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Dashboards;

/// <summary>One row of the models page: what serves, how much traffic and feedback it gets, and its latest run.</summary>
/// <param name="PredictionsPerMinute">Predictions logged or served over the last <see cref="ModelOverview.TrafficWindow"/>, per minute.</param>
/// <param name="FeedbackRate">Share of joined predictions that received any feedback (the label join's counts); null before the first join.</param>
/// <param name="LabelCoverage">Share of joined predictions that resolved to a training label; null before the first join.</param>
public sealed record ModelSummary(
    string Name,
    TaskType TaskType,
    int? ProductionVersion,
    double PredictionsPerMinute,
    double? FeedbackRate,
    double? LabelCoverage,
    LastRun? LastRun);

/// <summary>A model's most recent pipeline run.</summary>
public sealed record LastRun(long Id, int Number, RunStatus Status, RunOutcome? Outcome, DateTimeOffset At);

/// <summary>The read model behind the models page. Every figure comes from an index or a rollup: traffic counts one
/// model's predictions in a time range (index <c>(model_id, served_at)</c>), feedback and coverage are the label join's
/// stored counts, the last run is found through <c>(model_id, number)</c>. No request scans a table.</summary>
public sealed class ModelOverview(FeedbackDbContext db, TimeProvider time)
{
    /// <summary>How far back the traffic figure looks: one hour.</summary>
    public static readonly TimeSpan TrafficWindow = TimeSpan.FromHours(1);

    /// <summary>Every model the caller may see (<paramref name="models"/> null: all), by name.</summary>
    public async Task<IReadOnlyList<ModelSummary>> ListAsync(IReadOnlySet<string>? models, CancellationToken cancellationToken)
    {
        var registered = await db.Models.AsNoTracking()
            .OrderBy(m => m.Name)
            .Select(m => new { m.Id, m.Name, m.TaskType })
            .ToListAsync(cancellationToken);
        registered = [.. registered.Where(m => models is null || models.Contains(m.Name))];
        if (registered.Count == 0)
        {
            return [];
        }

        var production = await db.ModelAliases.AsNoTracking()
            .Where(a => a.Alias == "production")
            .ToDictionaryAsync(a => a.ModelId, a => a.Version, cancellationToken);
        var joins = await db.LabelJoinStates.AsNoTracking()
            .ToDictionaryAsync(j => j.ModelId, j => new { j.Predictions, j.WithFeedback, j.Labeled }, cancellationToken);
        var lastRuns = await db.PipelineRuns.AsNoTracking()
            .Where(r => r.Number == db.PipelineRuns.Where(o => o.ModelId == r.ModelId).Max(o => o.Number))
            .Select(r => new { r.ModelId, r.Id, r.Number, r.Status, r.Outcome, r.CreatedAt, r.UpdatedAt })
            .ToDictionaryAsync(r => r.ModelId, cancellationToken);

        var since = time.GetUtcNow() - TrafficWindow;
        var summaries = new List<ModelSummary>(registered.Count);
        foreach (var model in registered)
        {
            // One range count per model, so that the (model_id, served_at) index answers it.
            var recent = await db.Predictions.CountAsync(p => p.ModelId == model.Id && p.ServedAt >= since, cancellationToken);
            var join = joins.GetValueOrDefault(model.Id);
            var run = lastRuns.GetValueOrDefault(model.Id);
            summaries.Add(new ModelSummary(
                model.Name,
                model.TaskType,
                production.TryGetValue(model.Id, out var version) ? version : null,
                recent / TrafficWindow.TotalMinutes,
                join is { Predictions: > 0 } ? (double)join.WithFeedback / join.Predictions : null,
                join is { Predictions: > 0 } ? (double)join.Labeled / join.Predictions : null,
                run is null ? null : new LastRun(run.Id, run.Number, run.Status, run.Outcome, run.UpdatedAt)));
        }

        return summaries;
    }
}
