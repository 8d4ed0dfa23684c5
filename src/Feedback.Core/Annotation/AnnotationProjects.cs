using System.Text.Json;
using Feedback.Core.Errors;
using Feedback.Core.Models;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Annotation;

/// <summary>Creates and reads annotation projects, and adds gold items to them.</summary>
public sealed class AnnotationProjects(FeedbackDbContext context, ModelDefinitionCache models, TimeProvider timeProvider)
{
    public async Task<AnnotationProjectResource> CreateAsync(AnnotationProjectRequest request, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        if (!ModelNames.IsValid(request.Name))
        {
            errors.Add("name", ModelNames.Rule);
        }

        ModelSnapshot? model = null;
        if (string.IsNullOrEmpty(request.Model))
        {
            errors.Add("model", "is required: the name of an existing classification model");
        }
        else
        {
            model = await models.FindAsync(request.Model, cancellationToken);
            if (model is null)
            {
                errors.Add("model", $"model '{request.Model}' does not exist");
            }
            else if (!model.Definition.IsClassifier)
            {
                errors.Add("model", "must be a binary or multiclass model: annotators pick one of its classes");
            }
        }

        if (request.Instructions is { Length: > AnnotationLimits.MaxInstructionsLength })
        {
            errors.Add("instructions", $"must be at most {AnnotationLimits.MaxInstructionsLength} characters");
        }

        if (request.Overlap is < 1 or > AnnotationLimits.MaxOverlap)
        {
            errors.Add("overlap", $"must be between 1 and {AnnotationLimits.MaxOverlap}, was {request.Overlap}");
        }

        var pools = ParsePools(request.Pools, errors);
        if (request.GoldRate is { } goldRate && (double.IsNaN(goldRate) || goldRate is < 0 or > 0.5))
        {
            errors.Add("goldRate", $"must be between 0 and 0.5, was {goldRate}");
        }

        if (request.ReviewThreshold is { } threshold && (double.IsNaN(threshold) || threshold is < 0 or > 1))
        {
            errors.Add("reviewThreshold", $"must be between 0 and 1, was {threshold}");
        }

        var sources = request.Sources ?? [];
        if (model is not null)
        {
            TaskSourceValidator.Validate(sources, model.Definition, errors);
        }

        errors.ThrowIfAny();
        if (await context.AnnotationProjects.AnyAsync(p => p.Name == request.Name, cancellationToken))
        {
            throw new ConflictException("name", $"an annotation project named '{request.Name}' already exists");
        }

        var project = new AnnotationProject
        {
            Name = request.Name!,
            ModelId = model!.Id,
            Instructions = request.Instructions ?? string.Empty,
            Choices = JsonSerializer.Serialize(model.Definition.LabelClasses),
            Overlap = request.Overlap ?? 3,
            Pools = pools,
            GoldRate = request.GoldRate ?? 0,
            ShowSuggestion = request.ShowSuggestion ?? false,
            ReviewThreshold = request.ReviewThreshold ?? 0.7,
            Sources = JsonSerializer.Serialize(sources, AnnotationJson.Options),
            CreatedAt = Timestamps.Normalize(timeProvider.GetUtcNow()),
            CreatedBy = actor,
        };
        context.AnnotationProjects.Add(project);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("name", $"an annotation project named '{request.Name}' already exists");
        }
        finally
        {
            context.ChangeTracker.Clear();
        }

        return await GetAsync(project.Name, cancellationToken);
    }

    /// <summary>The project with its progress; <see cref="NotFoundException"/> when there is none of that name.</summary>
    public async Task<AnnotationProjectResource> GetAsync(string projectName, CancellationToken cancellationToken)
    {
        var project = await FindAsync(projectName, cancellationToken);
        var modelName = await context.Models.Where(m => m.Id == project.ModelId).Select(m => m.Name).SingleAsync(cancellationToken);
        return ToResource(project, modelName, await ProgressAsync(project.Id, cancellationToken));
    }

    public async Task<IReadOnlyList<AnnotationProjectResource>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await (
            from p in context.AnnotationProjects
            join m in context.Models on p.ModelId equals m.Id
            orderby p.Name
            select new { Project = p, Model = m.Name }).ToListAsync(cancellationToken);
        var result = new List<AnnotationProjectResource>(rows.Count);
        foreach (var row in rows)
        {
            result.Add(ToResource(row.Project, row.Model, await ProgressAsync(row.Project.Id, cancellationToken)));
        }

        return result;
    }

    /// <summary>Names of the projects in which the annotator holds or has answered a task: what an annotate-only
    /// caller may read the definition of.</summary>
    public async Task<IReadOnlySet<string>> WorkedInAsync(string annotatorId, CancellationToken cancellationToken)
    {
        var names = await (
            from p in context.AnnotationProjects
            where context.AnnotationSlots.Any(s => s.ProjectId == p.Id && (s.LeasedBy == annotatorId || s.AnsweredBy == annotatorId))
                || context.AnnotationAnswers.Any(a => a.ProjectId == p.Id && a.AnnotatorId == annotatorId)
            select p.Name).ToListAsync(cancellationToken);
        return names.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The projects an annotator can work on in their pool, with their own progress.</summary>
    public async Task<IReadOnlyList<AnnotatorProjectSummary>> ListForAnnotatorAsync(Annotator annotator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(annotator);
        var pool = annotator.Pool == AnnotatorPool.Expert ? AnnotationPools.Expert : AnnotationPools.Crowd;
        var rows = await (
            from p in context.AnnotationProjects
            join m in context.Models on p.ModelId equals m.Id
            where (p.Pools & pool) == pool
            orderby p.Name
            select new
            {
                p.Name,
                Model = m.Name,
                Open = context.AnnotationItems.Count(i => i.ProjectId == p.Id && (i.Status == AnnotationItemStatus.Open || i.Status == AnnotationItemStatus.InReview)),
                Answered = context.AnnotationAnswers.Count(a => a.ProjectId == p.Id && a.AnnotatorId == annotator.Id && !a.Skipped),
                Available = context.AnnotationSlots.Count(s => s.ProjectId == p.Id && s.Pool == annotator.Pool && s.AnsweredBy == null
                    && !context.AnnotationAnswers.Any(a => a.ItemId == s.ItemId && a.AnnotatorId == annotator.Id)),
            }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new AnnotatorProjectSummary(r.Name, r.Model, r.Open, r.Answered, r.Available))];
    }

    /// <summary>Adds predictions with known answers as gold items; returns how many were new.</summary>
    public async Task<int> AddGoldAsync(string projectName, IReadOnlyList<GoldItemInput>? items, CancellationToken cancellationToken)
    {
        var project = await FindAsync(projectName, cancellationToken);
        var choices = ChoicesOf(project);
        var errors = new FieldErrors();
        if (items is null || items.Count == 0)
        {
            errors.Add("items", "at least one gold item is required");
        }

        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var item = items![i];
            if (string.IsNullOrEmpty(item.TrackingId))
            {
                errors.Add($"items[{i}].trackingId", "is required");
            }

            if (item.Label is null || !choices.Contains(item.Label, StringComparer.Ordinal))
            {
                errors.Add($"items[{i}].label", $"must be one of: {string.Join(", ", choices)}");
            }
        }

        errors.ThrowIfAny();
        var trackingIds = items!.Select(i => i.TrackingId!).Distinct(StringComparer.Ordinal).ToList();
        var predictions = await context.Predictions.Where(p => p.ModelId == project.ModelId && trackingIds.Contains(p.TrackingId))
            .ToDictionaryAsync(p => p.TrackingId, StringComparer.Ordinal, cancellationToken);
        for (var i = 0; i < items!.Count; i++)
        {
            if (!predictions.ContainsKey(items[i].TrackingId!))
            {
                errors.Add($"items[{i}].trackingId", $"'{items[i].TrackingId}' is not a prediction of this project's model");
            }
        }

        errors.ThrowIfAny();
        var queued = await context.AnnotationItems.Where(i => i.ProjectId == project.Id && trackingIds.Contains(i.TrackingId))
            .Select(i => i.TrackingId).ToListAsync(cancellationToken);
        var now = Timestamps.Normalize(timeProvider.GetUtcNow());
        var added = 0;
        foreach (var item in items.Where(i => !queued.Contains(i.TrackingId!)).DistinctBy(i => i.TrackingId, StringComparer.Ordinal))
        {
            var prediction = predictions[item.TrackingId!];
            context.AnnotationItems.Add(new AnnotationItem
            {
                ProjectId = project.Id,
                TrackingId = prediction.TrackingId,
                Inputs = prediction.Inputs,
                SuggestedLabel = prediction.OutputLabel,
                SuggestedScores = prediction.OutputScores,
                Source = "gold",
                Status = AnnotationItemStatus.Gold,
                GoldLabel = item.Label,
                CreatedAt = now,
            });
            added++;
        }

        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("items", "some of these items were queued concurrently; retry");
        }
        finally
        {
            context.ChangeTracker.Clear();
        }

        return added;
    }

    internal async Task<AnnotationProject> FindAsync(string projectName, CancellationToken cancellationToken) =>
        await context.AnnotationProjects.SingleOrDefaultAsync(p => p.Name == projectName, cancellationToken)
            ?? throw new NotFoundException($"Annotation project '{projectName}' does not exist.");

    internal static IReadOnlyList<string> ChoicesOf(AnnotationProject project) =>
        JsonSerializer.Deserialize<List<string>>(project.Choices) ?? [];

    private async Task<AnnotationProgress> ProgressAsync(long projectId, CancellationToken cancellationToken)
    {
        var counts = await context.AnnotationItems.Where(i => i.ProjectId == projectId)
            .GroupBy(i => i.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Count(AnnotationItemStatus status) => counts.FirstOrDefault(c => c.Key == status)?.Count ?? 0;
        var answers = await context.AnnotationAnswers.CountAsync(a => a.ProjectId == projectId && !a.Skipped, cancellationToken);
        return new AnnotationProgress(counts.Sum(c => c.Count), Count(AnnotationItemStatus.Open), Count(AnnotationItemStatus.InReview),
            Count(AnnotationItemStatus.Resolved), Count(AnnotationItemStatus.Gold), answers);
    }

    private static AnnotationPools ParsePools(List<string>? pools, FieldErrors errors)
    {
        if (pools is null)
        {
            return AnnotationPools.Crowd | AnnotationPools.Expert;
        }

        var parsed = AnnotationPools.None;
        for (var i = 0; i < pools.Count; i++)
        {
            parsed |= pools[i] switch
            {
                "crowd" => AnnotationPools.Crowd,
                "expert" => AnnotationPools.Expert,
                _ => Invalid(i),
            };
        }

        if (pools.Count > 0 && (parsed & AnnotationPools.Crowd) == 0 && (parsed & AnnotationPools.Expert) == 0)
        {
            return parsed;
        }

        if (pools.Count == 0)
        {
            errors.Add("pools", "at least one pool is required: crowd or expert");
        }

        return parsed;

        AnnotationPools Invalid(int index)
        {
            errors.Add($"pools[{index}]", $"'{pools[index]}' is not a pool: use crowd or expert");
            return AnnotationPools.None;
        }
    }

    private static AnnotationProjectResource ToResource(AnnotationProject project, string modelName, AnnotationProgress progress) => new(
        project.Name,
        modelName,
        project.Instructions,
        ChoicesOf(project),
        project.Overlap,
        [.. new[] { (AnnotationPools.Crowd, "crowd"), (AnnotationPools.Expert, "expert") }.Where(p => project.Pools.HasFlag(p.Item1)).Select(p => p.Item2)],
        project.GoldRate,
        project.ShowSuggestion,
        project.ReviewThreshold,
        JsonSerializer.Deserialize<List<TaskSourceSpec>>(project.Sources, AnnotationJson.Options) ?? [],
        project.CreatedAt,
        progress);
}
