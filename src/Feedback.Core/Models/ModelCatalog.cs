using Feedback.Core.Errors;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Models;

/// <summary>A model definition as the API returns it.</summary>
public sealed record ModelResource(
    string Name,
    int Revision,
    string TaskType,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    ModelDefinitionDocument Definition);

public sealed record ModelRevisionResource(int Revision, DateTimeOffset CreatedAt, string? CreatedBy, ModelDefinitionDocument Definition);

/// <summary>Creates, edits and reads model definitions. Every effective edit appends a revision; an edit that changes
/// nothing appends none.</summary>
public sealed class ModelCatalog(FeedbackDbContext context, ModelDefinitionCache cache, TimeProvider timeProvider)
{
    public async Task<ModelResource> CreateAsync(ModelDefinitionDocument document, string actor, CancellationToken cancellationToken)
    {
        var definition = ModelDefinitionValidator.Validate(document);
        var json = ModelDefinitionReader.ToCanonicalJson(definition);
        var now = timeProvider.GetUtcNow();
        if (await context.Models.AnyAsync(m => m.Name == definition.Name, cancellationToken))
        {
            throw new ConflictException("name", $"Model '{definition.Name}' already exists; update it with PUT /api/v1/models/{definition.Name}.");
        }

        var model = new RegisteredModel
        {
            Name = definition.Name,
            TaskType = definition.TaskType,
            CurrentRevision = 1,
            Definition = json,
            CreatedAt = Timestamps.Normalize(now),
            UpdatedAt = Timestamps.Normalize(now),
        };
        model.Revisions.Add(new ModelRevision { Revision = 1, Definition = json, CreatedAt = model.CreatedAt, CreatedBy = actor });
        context.Models.Add(model);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception)
        {
            // Lost a race with a concurrent create of the same name: the unique index decided.
            context.ChangeTracker.Clear();
            if (await context.Models.AnyAsync(m => m.Name == definition.Name, cancellationToken))
            {
                throw new ConflictException("name", $"Model '{definition.Name}' already exists.");
            }

            throw new InvalidOperationException("Saving the model failed.", exception);
        }

        cache.Invalidate(model.Name);
        return ToResource(model);
    }

    /// <summary>Replaces the definition. <paramref name="expectedRevision"/> (from <c>If-Match</c>) guards against lost updates.</summary>
    public async Task<(ModelResource Model, bool Changed)> UpdateAsync(
        string name, ModelDefinitionDocument document, int? expectedRevision, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var model = await context.Models.AsTracking().SingleOrDefaultAsync(m => m.Name == name, cancellationToken)
            ?? throw new NotFoundException($"Model '{name}' does not exist.");
        document.Name ??= name;
        if (document.Name != name)
        {
            throw new InvalidInputException("name", $"must match the model in the URL ('{name}'); models cannot be renamed");
        }

        if (expectedRevision is { } expected && expected != model.CurrentRevision)
        {
            throw new PreconditionFailedException($"Model '{name}' is at revision {model.CurrentRevision}, not {expected}; reload and retry.");
        }

        var definition = ModelDefinitionValidator.Validate(document);
        if (definition.TaskType != model.TaskType)
        {
            throw new InvalidInputException("taskType", $"cannot change from {model.TaskType.ToString().ToLowerInvariant()}: create a new model instead");
        }

        var json = ModelDefinitionReader.ToCanonicalJson(definition);
        if (json == model.Definition)
        {
            return (ToResource(model), false);
        }

        var revision = model.CurrentRevision + 1;
        var now = Timestamps.Normalize(timeProvider.GetUtcNow());
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var moved = await context.Models
            .Where(m => m.Id == model.Id && m.CurrentRevision == model.CurrentRevision)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.CurrentRevision, revision).SetProperty(m => m.Definition, json).SetProperty(m => m.UpdatedAt, now), cancellationToken);
        if (moved == 0)
        {
            throw new PreconditionFailedException($"Model '{name}' was changed by someone else meanwhile; reload and retry.");
        }

        context.ModelRevisions.Add(new ModelRevision { ModelId = model.Id, Revision = revision, Definition = json, CreatedAt = now, CreatedBy = actor });
        await context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        cache.Invalidate(name);

        model.CurrentRevision = revision;
        model.Definition = json;
        model.UpdatedAt = now;
        return (ToResource(model), true);
    }

    public async Task<ModelResource?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var model = await context.Models.SingleOrDefaultAsync(m => m.Name == name, cancellationToken);
        return model is null ? null : ToResource(model);
    }

    public async Task<IReadOnlyList<ModelResource>> ListAsync(IReadOnlySet<string>? visible, CancellationToken cancellationToken)
    {
        var models = await context.Models.OrderBy(m => m.Name).ToListAsync(cancellationToken);
        return models.Where(m => visible is null || visible.Contains(m.Name)).Select(ToResource).ToList();
    }

    public async Task<IReadOnlyList<ModelRevisionResource>?> ListRevisionsAsync(string name, CancellationToken cancellationToken)
    {
        var id = await context.Models.Where(m => m.Name == name).Select(m => (long?)m.Id).SingleOrDefaultAsync(cancellationToken);
        if (id is null)
        {
            return null;
        }

        var revisions = await context.ModelRevisions.Where(r => r.ModelId == id).OrderByDescending(r => r.Revision).ToListAsync(cancellationToken);
        return revisions.Select(r => new ModelRevisionResource(r.Revision, r.CreatedAt, r.CreatedBy, Document(r.Definition))).ToList();
    }

    private static ModelResource ToResource(RegisteredModel model) =>
        new(model.Name, model.CurrentRevision, model.TaskType.ToString().ToLowerInvariant(), model.CreatedAt, model.UpdatedAt, Document(model.Definition));

    private static ModelDefinitionDocument Document(string json) => ModelDefinitionReader.FromJson(System.Text.Encoding.UTF8.GetBytes(json));
}
