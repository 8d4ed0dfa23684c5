using System.Text.Json;
using Feedback.Core.Errors;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Models;
using Feedback.Core.Predictions;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Feedback.Core.Annotation;

/// <summary>Runs a project's task sources in their configured order and queues what they pick: each source up to
/// its quota, no prediction queued twice in a project (a unique index backs this up).</summary>
public sealed class AnnotationPopulator(
    FeedbackDbContext context,
    AnnotationProjects projects,
    ModelDefinitionCache models,
    AnnotationWriteGate gate,
    IOptions<AnnotationOptions> options,
    TimeProvider timeProvider)
{
    public async Task<PopulateResult> PopulateAsync(string projectName, CancellationToken cancellationToken)
    {
        var project = await projects.FindAsync(projectName, cancellationToken);
        var model = await models.FindByIdAsync(project.ModelId, cancellationToken)
            ?? throw new NotFoundException($"The model of annotation project '{projectName}' no longer exists.");
        var sources = JsonSerializer.Deserialize<List<TaskSourceSpec>>(project.Sources, AnnotationJson.Options) ?? [];

        using var writing = await gate.EnterAsync(cancellationToken);
        var picked = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<PopulateSourceResult>(sources.Count);
        foreach (var source in sources)
        {
            var (trackingIds, missing) = await PickAsync(project, model.Definition, source, picked, cancellationToken);
            var taken = trackingIds.Where(picked.Add).Take(source.Quota ?? 0).ToList();
            results.Add(new PopulateSourceResult(source.Kind!, taken.Count, missing));
            await QueueAsync(project, source.Kind!, taken, cancellationToken);
        }

        return new PopulateResult(results.Sum(r => r.Queued), results);
    }

    private IQueryable<Prediction> Candidates(AnnotationProject project) =>
        context.Predictions.Where(p => p.ModelId == project.ModelId
            && !context.AnnotationItems.Any(i => i.ProjectId == project.Id && i.TrackingId == p.TrackingId));

    private async Task<(IReadOnlyList<string> TrackingIds, IReadOnlyList<string>? Missing)> PickAsync(
        AnnotationProject project, ModelDefinition model, TaskSourceSpec source, HashSet<string> picked, CancellationToken cancellationToken)
    {
        var quota = source.Quota ?? 0;
        var scan = options.Value.MaxCandidates;
        switch (source.Kind)
        {
            case TaskSourceKinds.Random:
                return (await Candidates(project).OrderBy(_ => EF.Functions.Random()).Take(quota + picked.Count)
                    .Select(p => p.TrackingId).ToListAsync(cancellationToken), null);

            case TaskSourceKinds.Uncertainty:
                var scored = await Candidates(project).Where(p => p.OutputScores != null).OrderByDescending(p => p.ServedAt).Take(scan)
                    .Select(p => new { p.TrackingId, p.OutputScores }).ToListAsync(cancellationToken);
                return ([.. scored.Select(p => (p.TrackingId, Margin: TaskSourceScoring.Uncertainty(p.OutputScores, model.LabelClasses)))
                    .Where(p => p.Margin is not null).OrderBy(p => p.Margin).Select(p => p.TrackingId)], null);

            case TaskSourceKinds.ThumbsDown:
                var starsDown = model.LabelPolicy.StarsDown.Select(s => (double?)s).ToList();
                return (await Candidates(project)
                    .Where(p => context.FeedbackEvents.Any(e => e.TrackingId == p.TrackingId && e.Kind == FeedbackKind.Rating
                        && (e.ValueText == "down" || starsDown.Contains(e.ValueNumber))))
                    .OrderByDescending(p => p.ServedAt).Take(quota + picked.Count).Select(p => p.TrackingId).ToListAsync(cancellationToken), null);

            case TaskSourceKinds.Conflicts:
                var labelled = await (
                    from p in Candidates(project)
                    join e in context.FeedbackEvents on p.TrackingId equals e.TrackingId
                    where (e.Kind == FeedbackKind.Correction || e.Kind == FeedbackKind.Outcome) && e.Label != null
                    orderby p.ServedAt descending
                    select new { p.TrackingId, p.OutputLabel, e.Label }).Take(scan).ToListAsync(cancellationToken);
                return ([.. labelled.GroupBy(l => l.TrackingId, StringComparer.Ordinal)
                    .Where(g => TaskSourceScoring.IsConflict(g.First().OutputLabel, [.. g.Select(l => l.Label!)]))
                    .Select(g => g.Key)], null);

            case TaskSourceKinds.Slices:
                var all = await context.Predictions.Where(p => p.ModelId == project.ModelId).OrderByDescending(p => p.ServedAt).Take(scan)
                    .Select(p => new { p.TrackingId, p.Inputs }).ToListAsync(cancellationToken);
                var values = all.Select(p => (p.TrackingId, Value: TaskSourceScoring.FeatureValue(p.Inputs, source.Feature!))).Where(p => p.Value is not null)
                    .Select(p => (p.TrackingId, Value: p.Value!)).ToList();
                var frequency = values.GroupBy(v => v.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                var queued = (await context.AnnotationItems.Where(i => i.ProjectId == project.Id).Select(i => i.TrackingId).ToListAsync(cancellationToken))
                    .ToHashSet(StringComparer.Ordinal);
                return ([.. TaskSourceScoring.RarestSlicesFirst([.. values.Where(v => !queued.Contains(v.TrackingId))], frequency)], null);

            case TaskSourceKinds.Explicit:
                var wanted = source.TrackingIds!.Distinct(StringComparer.Ordinal).ToList();
                var known = await context.Predictions.Where(p => p.ModelId == project.ModelId && wanted.Contains(p.TrackingId))
                    .Select(p => p.TrackingId).ToListAsync(cancellationToken);
                var already = await context.AnnotationItems.Where(i => i.ProjectId == project.Id && wanted.Contains(i.TrackingId))
                    .Select(i => i.TrackingId).ToListAsync(cancellationToken);
                return ([.. wanted.Where(id => known.Contains(id) && !already.Contains(id))], [.. wanted.Where(id => !known.Contains(id))]);

            default:
                throw new InvalidOperationException($"Unknown task source '{source.Kind}' in project '{project.Name}'.");
        }
    }

    private async Task QueueAsync(AnnotationProject project, string sourceKind, List<string> trackingIds, CancellationToken cancellationToken)
    {
        if (trackingIds.Count == 0)
        {
            return;
        }

        var now = Timestamps.Normalize(timeProvider.GetUtcNow());
        var predictions = await context.Predictions.Where(p => p.ModelId == project.ModelId && trackingIds.Contains(p.TrackingId))
            .ToListAsync(cancellationToken);
        var items = predictions.Select(p => new AnnotationItem
        {
            ProjectId = project.Id,
            TrackingId = p.TrackingId,
            Inputs = p.Inputs,
            SuggestedLabel = p.OutputLabel,
            SuggestedScores = p.OutputScores,
            Source = sourceKind,
            Status = project.Pools.HasFlag(AnnotationPools.Crowd) ? AnnotationItemStatus.Open : AnnotationItemStatus.InReview,
            CreatedAt = now,
        }).ToList();

        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            context.AnnotationItems.AddRange(items);
            await context.SaveChangesAsync(cancellationToken);
            foreach (var item in items)
            {
                var crowd = project.Pools.HasFlag(AnnotationPools.Crowd);
                for (var i = 0; i < (crowd ? project.Overlap : 1); i++)
                {
                    context.AnnotationSlots.Add(new AnnotationSlot { ProjectId = project.Id, ItemId = item.Id, Pool = crowd ? AnnotatorPool.Crowd : AnnotatorPool.Expert });
                }
            }

            await context.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("project", $"another populate run of '{project.Name}' queued some of the same predictions; run it again");
        }
        finally
        {
            context.ChangeTracker.Clear();
        }
    }
}
