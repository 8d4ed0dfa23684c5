using Feedback.Core.Models;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Dashboards;

/// <summary>A run as the model dashboard lists it.</summary>
public sealed record RunRow(long Id, int Number, RunStatus Status, RunOutcome? Outcome, RunTrigger Trigger, bool ColdStart,
    int? ProducedVersion, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, string? Error);

/// <summary>A version as the model dashboard lists it: the aliases on it now and, when a run built it, that run's
/// number and its approval summary (headline metrics against the production of the time).</summary>
public sealed record VersionRow(int Version, int? ParentVersion, DateTimeOffset CreatedAt, int? RunNumber, string? Summary, IReadOnlyList<string> Aliases);

/// <summary>Everything the model dashboard shows.</summary>
public sealed record ModelHistory(string Name, TaskType TaskType, int? ProductionVersion, IReadOnlyList<VersionRow> Versions, IReadOnlyList<RunRow> Runs);

/// <summary>The read model behind the model dashboard: the latest <see cref="RunsShown"/> runs (index
/// <c>(model_id, number)</c>) and every version with its aliases; never a bundle's bytes.</summary>
public sealed class ModelHistoryQuery(FeedbackDbContext db)
{
    /// <summary>How many runs the dashboard lists: 50.</summary>
    public const int RunsShown = 50;

    /// <summary>The model's history, or null when there is no model of that name.</summary>
    public async Task<ModelHistory?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var model = await db.Models.AsNoTracking().Where(m => m.Name == name).Select(m => new { m.Id, m.Name, m.TaskType }).SingleOrDefaultAsync(cancellationToken);
        if (model is null)
        {
            return null;
        }

        var runs = await db.PipelineRuns.AsNoTracking()
            .Where(r => r.ModelId == model.Id)
            .OrderByDescending(r => r.Number)
            .Take(RunsShown)
            .Select(r => new RunRow(r.Id, r.Number, r.Status, r.Outcome, r.Trigger, r.ColdStart, r.ProducedVersion, r.CreatedAt, r.FinishedAt, r.Error))
            .ToListAsync(cancellationToken);
        var aliases = (await db.ModelAliases.AsNoTracking().Where(a => a.ModelId == model.Id).Select(a => new { a.Alias, a.Version }).ToListAsync(cancellationToken))
            .ToLookup(a => a.Version, a => a.Alias);
        var builtBy = await db.PipelineRuns.AsNoTracking()
            .Where(r => r.ModelId == model.Id && r.ProducedVersion != null)
            .Select(r => new
            {
                Version = r.ProducedVersion!.Value,
                r.Number,
                Summary = db.ApprovalRequests.Where(a => a.RunId == r.Id).OrderByDescending(a => a.Id).Select(a => a.Summary).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var runOf = builtBy.GroupBy(b => b.Version).ToDictionary(g => g.Key, g => g.First());
        var versions = await db.ModelVersions.AsNoTracking()
            .Where(v => v.ModelId == model.Id)
            .OrderByDescending(v => v.Version)
            .Select(v => new { v.Version, v.ParentVersion, v.CreatedAt })
            .ToListAsync(cancellationToken);

        return new ModelHistory(
            model.Name,
            model.TaskType,
            aliases.FirstOrDefault(g => g.Contains(ModelVersionRegistry.Production))?.Key,
            [.. versions.Select(v => new VersionRow(v.Version, v.ParentVersion, v.CreatedAt, runOf.GetValueOrDefault(v.Version)?.Number,
                runOf.GetValueOrDefault(v.Version)?.Summary, [.. aliases[v.Version].Order(StringComparer.Ordinal)]))],
            runs);
    }
}
