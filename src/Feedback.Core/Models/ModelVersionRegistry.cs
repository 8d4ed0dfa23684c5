using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Feedback.Core.Errors;
using Feedback.Core.Storage;
using Feedback.Ml.Bundles;
using Feedback.Ml.Training;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Models;

/// <summary>A registered model version, without its bundle bytes.</summary>
public sealed record RegisteredVersion(string Model, int Version, int DefinitionRevision, int? ParentVersion,
    string BundleHash, string? MetadataJson, DateTimeOffset CreatedAt);

/// <summary>One move of an alias: a push, a promotion or a rollback.</summary>
/// <param name="PreviousVersion">Where the alias pointed before; null when the move created it.</param>
public sealed record AliasMove(string Model, string Alias, int Version, int? PreviousVersion, string? MovedBy,
    string? Reason, DateTimeOffset MovedAt);

/// <summary>Where an alias points now.</summary>
public sealed record CurrentAlias(string Alias, int Version, DateTimeOffset UpdatedAt);

/// <summary>A model's aliases: where each points now, and every move, newest first.</summary>
public sealed record ModelAliasesState(string Model, IReadOnlyList<CurrentAlias> Aliases, IReadOnlyList<AliasMove> History);

/// <summary>The model version registry: immutable trained bundles numbered 1, 2, 3… per model, and the aliases
/// (<c>production</c>, <c>candidate</c>, …) that point at them, with the history of every alias move.</summary>
/// <remarks>Every write locks the model's row for the length of its transaction (<c>FOR NO KEY UPDATE</c> on
/// PostgreSQL, which still lets predictions reference the model; SQLite transactions take the write lock up front),
/// so concurrent registrations get consecutive numbers and concurrent alias moves record an unbroken from→to chain.</remarks>
public sealed partial class ModelVersionRegistry(FeedbackDbContext context, TimeProvider timeProvider, ModelAliasChanges aliasChanges)
{
    /// <summary>The alias that serves traffic.</summary>
    public const string Production = "production";

    public const int MaxAliasLength = 32;

    public const int MaxMovedByLength = 128;

    public const int MaxReasonLength = 1000;

    public const string AliasRule = "must be 1-32 characters: lower-case letters, digits or '-', starting with a letter";

    /// <summary>Stores a trained bundle as the model's next version.</summary>
    /// <param name="modelId">The model.</param>
    /// <param name="definitionRevision">The definition revision the bundle was trained for; its schema and task must fit the bundle.</param>
    /// <param name="parentVersion">The version it was warm-started from, if any; must exist.</param>
    /// <param name="bundle">The serialised <see cref="ModelBundle"/>; it must load.</param>
    /// <param name="metadataJson">Trainer, hyper-parameters, training snapshot, metrics: any JSON object, or null.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="NotFoundException">The model does not exist.</exception>
    /// <exception cref="InvalidInputException">The bundle, revision, parent or metadata is not acceptable.</exception>
    public async Task<RegisteredVersion> RegisterAsync(long modelId, int definitionRevision, int? parentVersion,
        byte[] bundle, string? metadataJson, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var loaded = ReadBundle(bundle, errors);
        if (metadataJson is not null && !IsJsonObject(metadataJson))
        {
            errors.Add("metadata", "must be a JSON object");
        }

        errors.ThrowIfAny();
        var revision = await context.ModelRevisions
            .Where(r => r.ModelId == modelId && r.Revision == definitionRevision)
            .Select(r => r.Definition)
            .SingleOrDefaultAsync(ct);
        if (revision is null)
        {
            var modelExists = await context.Models.AnyAsync(m => m.Id == modelId, ct);
            throw modelExists
                ? new InvalidInputException("definitionRevision", $"the model has no revision {definitionRevision}")
                : new NotFoundException($"Model {modelId} does not exist.");
        }

        CheckFits(loaded!, ModelDefinitionReader.FromStored(revision), definitionRevision);

        var hash = Convert.ToHexStringLower(SHA256.HashData(bundle));
        await using var transaction = await context.Database.BeginTransactionAsync(ct);
        var modelName = await LockModelAsync(modelId, ct) ?? throw new NotFoundException($"Model {modelId} does not exist.");
        if (parentVersion is { } parent && !await context.ModelVersions.AnyAsync(v => v.ModelId == modelId && v.Version == parent, ct))
        {
            throw new InvalidInputException("parentVersion", $"model '{modelName}' has no version {parent}");
        }

        var next = (await context.ModelVersions.Where(v => v.ModelId == modelId).MaxAsync(v => (int?)v.Version, ct) ?? 0) + 1;
        var row = new ModelVersion
        {
            ModelId = modelId,
            Version = next,
            DefinitionRevision = definitionRevision,
            ParentVersion = parentVersion,
            BundleHash = hash,
            Bundle = bundle,
            Metadata = metadataJson,
            CreatedAt = Timestamps.Normalize(timeProvider.GetUtcNow()),
        };
        context.ModelVersions.Add(row);
        await context.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        context.ChangeTracker.Clear();
        return new RegisteredVersion(modelName, next, definitionRevision, parentVersion, hash, metadataJson, row.CreatedAt);
    }

    /// <summary>Points an alias at a version, atomically, and records the move in the alias history. Moving an alias
    /// to where it already points changes nothing and returns the move that put it there.</summary>
    /// <exception cref="NotFoundException">The model or the version does not exist.</exception>
    /// <exception cref="InvalidInputException">The alias name, mover or reason is not acceptable.</exception>
    public async Task<AliasMove> MoveAliasAsync(string modelName, string alias, int version, string? movedBy,
        string? reason, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!IsValidAlias(alias))
        {
            errors.Add("alias", AliasRule);
        }

        if (movedBy is { Length: > MaxMovedByLength })
        {
            errors.Add("movedBy", $"must be at most {MaxMovedByLength} characters");
        }

        if (reason is { Length: > MaxReasonLength })
        {
            errors.Add("reason", $"must be at most {MaxReasonLength} characters");
        }

        errors.ThrowIfAny();
        var modelId = await ModelIdAsync(modelName, ct);
        await using var transaction = await context.Database.BeginTransactionAsync(ct);
        _ = await LockModelAsync(modelId, ct) ?? throw new NotFoundException($"Model '{modelName}' does not exist.");
        if (!await context.ModelVersions.AnyAsync(v => v.ModelId == modelId && v.Version == version, ct))
        {
            throw new NotFoundException($"Model '{modelName}' has no version {version}.");
        }

        var current = await context.ModelAliases.AsTracking().SingleOrDefaultAsync(a => a.ModelId == modelId && a.Alias == alias, ct);
        if (current?.Version == version)
        {
            var last = await context.ModelAliasHistory
                .Where(h => h.ModelId == modelId && h.Alias == alias)
                .OrderByDescending(h => h.Id)
                .FirstOrDefaultAsync(ct);
            return last is not null && last.Version == version
                ? ToMove(modelName, last)
                : new AliasMove(modelName, alias, version, version, null, null, current.UpdatedAt);
        }

        var now = Timestamps.Normalize(timeProvider.GetUtcNow());
        var previous = current?.Version;
        if (current is null)
        {
            context.ModelAliases.Add(new ModelAlias { ModelId = modelId, Alias = alias, Version = version, UpdatedAt = now });
        }
        else
        {
            current.Version = version;
            current.UpdatedAt = now;
        }

        var move = new ModelAliasHistory
        {
            ModelId = modelId,
            Alias = alias,
            Version = version,
            PreviousVersion = previous,
            MovedBy = movedBy,
            Reason = reason,
            MovedAt = now,
        };
        context.ModelAliasHistory.Add(move);
        await context.SaveChangesAsync(ct);
        if (context.Database.IsNpgsql())
        {
            // Delivered to every listening node when (and only if) this transaction commits: their serving caches
            // drop the old target at once instead of at their next periodic check.
            await context.Database.ExecuteSqlAsync($"SELECT pg_notify({ModelAliasChanges.Channel}, {modelId.ToString(CultureInfo.InvariantCulture)})", ct);
        }

        await transaction.CommitAsync(ct);
        aliasChanges.Moved();
        context.ChangeTracker.Clear();
        return ToMove(modelName, move);
    }

    /// <summary>Every version of a model, newest first.</summary>
    /// <exception cref="NotFoundException">The model does not exist.</exception>
    public async Task<IReadOnlyList<RegisteredVersion>> ListAsync(string modelName, CancellationToken ct)
    {
        var modelId = await ModelIdAsync(modelName, ct);
        return await Versions(modelName, context.ModelVersions.Where(v => v.ModelId == modelId).OrderByDescending(v => v.Version))
            .ToListAsync(ct);
    }

    /// <summary>One version of a model, or null when the model has no such version.</summary>
    /// <exception cref="NotFoundException">The model does not exist.</exception>
    public async Task<RegisteredVersion?> FindAsync(string modelName, int version, CancellationToken ct)
    {
        var modelId = await ModelIdAsync(modelName, ct);
        return await Versions(modelName, context.ModelVersions.Where(v => v.ModelId == modelId && v.Version == version))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>The version an alias points at, or null. One primary-key read; the serving path reads it through this
    /// node's <see cref="Serving.AliasCache"/>.</summary>
    public async Task<int?> AliasVersionAsync(long modelId, string alias, CancellationToken ct) =>
        await context.ModelAliases
            .Where(a => a.ModelId == modelId && a.Alias == alias)
            .Select(a => (int?)a.Version)
            .SingleOrDefaultAsync(ct);

    /// <summary>A version's serialised bundle, or null when the model has no such version.</summary>
    public async Task<byte[]?> BundleAsync(long modelId, int version, CancellationToken ct) =>
        await context.ModelVersions
            .Where(v => v.ModelId == modelId && v.Version == version)
            .Select(v => v.Bundle)
            .SingleOrDefaultAsync(ct);

    /// <summary>A version's serialised bundle by model name, or null when the model has no such version.</summary>
    /// <exception cref="NotFoundException">The model does not exist.</exception>
    public async Task<byte[]?> BundleAsync(string modelName, int version, CancellationToken ct) =>
        await BundleAsync(await ModelIdAsync(modelName, ct), version, ct);

    /// <summary>Where each alias of a model points, and every alias move, newest first.</summary>
    /// <exception cref="NotFoundException">The model does not exist.</exception>
    public async Task<ModelAliasesState> AliasesAsync(string modelName, CancellationToken ct)
    {
        var modelId = await ModelIdAsync(modelName, ct);
        var aliases = await context.ModelAliases.Where(a => a.ModelId == modelId).OrderBy(a => a.Alias).ToListAsync(ct);
        var history = await context.ModelAliasHistory.Where(h => h.ModelId == modelId).OrderByDescending(h => h.Id).ToListAsync(ct);
        return new ModelAliasesState(
            modelName,
            aliases.Select(a => new CurrentAlias(a.Alias, a.Version, a.UpdatedAt)).ToList(),
            history.Select(h => ToMove(modelName, h)).ToList());
    }

    public static bool IsValidAlias(string? alias) => alias is not null && AliasPattern().IsMatch(alias);

    private static IQueryable<RegisteredVersion> Versions(string modelName, IQueryable<ModelVersion> query) =>
        query.Select(v => new RegisteredVersion(modelName, v.Version, v.DefinitionRevision, v.ParentVersion, v.BundleHash, v.Metadata, v.CreatedAt));

    private async Task<long> ModelIdAsync(string modelName, CancellationToken ct) =>
        await context.Models.Where(m => m.Name == modelName).Select(m => (long?)m.Id).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"Model '{modelName}' does not exist.");

    /// <summary>Serialises registry writes per model until the transaction ends; returns the model's name, or null.</summary>
    private async Task<string?> LockModelAsync(long modelId, CancellationToken ct)
    {
        if (context.Database.IsNpgsql())
        {
            // NO KEY UPDATE: conflicts with other registry writes (and definition edits) of this model, but not
            // with the key-share locks that inserting a prediction for the model takes.
            // ToList, not Single: EF would wrap the locking SELECT in a subquery to add its LIMIT.
            var names = await context.Database
                .SqlQuery<string>($"SELECT name AS \"Value\" FROM models WHERE id = {modelId} FOR NO KEY UPDATE")
                .ToListAsync(ct);
            return names.Count == 0 ? null : names[0];
        }

        // SQLite: the transaction began with BEGIN IMMEDIATE and already holds the database's write lock.
        return await context.Models.Where(m => m.Id == modelId).Select(m => m.Name).SingleOrDefaultAsync(ct);
    }

    private static ModelBundle? ReadBundle(byte[]? bytes, FieldErrors errors)
    {
        if (bytes is not { Length: > 0 })
        {
            errors.Add("bundle", "is required: a serialised model bundle");
            return null;
        }

        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return ModelBundle.Load(stream);
        }
        catch (InvalidDataException exception)
        {
            errors.Add("bundle", $"is not a loadable model bundle: {exception.Message}");
            return null;
        }
    }

    /// <summary>Serving scores validated instances with the bundle, so the bundle must read only features the
    /// definition has (with the same type) and produce what the task needs.</summary>
    private static void CheckFits(ModelBundle bundle, ModelDefinition definition, int revision)
    {
        var errors = new FieldErrors();
        foreach (var feature in bundle.Schema.Where(f => f.IsModelInput))
        {
            if (!definition.Features.TryGet(feature.Name, out var declared) || declared.Type != feature.Type)
            {
                errors.Add("bundle", $"reads {feature.Type.ToString().ToLowerInvariant()} feature '{feature.Name}', which definition revision {revision} does not have with that type");
            }
        }

        var predictor = bundle.Predictor;
        if (definition.IsClassifier && (predictor.Task == TaskKind.Regression || predictor.OutputCount != definition.LabelClasses.Count))
        {
            errors.Add("bundle", $"outputs {predictor.OutputCount} {predictor.Task} score(s); the model has {definition.LabelClasses.Count} classes");
        }
        else if (!definition.IsClassifier && predictor.Task != TaskKind.Regression)
        {
            errors.Add("bundle", $"is a {predictor.Task} model; this model is a regression");
        }

        if (definition.IsClassifier && bundle.Metadata.LabelClasses.Count > 0
            && !bundle.Metadata.LabelClasses.SequenceEqual(definition.LabelClasses, StringComparer.Ordinal))
        {
            errors.Add("bundle", $"was trained on classes ({string.Join(", ", bundle.Metadata.LabelClasses)}), not the model's ({string.Join(", ", definition.LabelClasses)})");
        }

        errors.ThrowIfAny();
    }

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static AliasMove ToMove(string modelName, ModelAliasHistory h) =>
        new(modelName, h.Alias, h.Version, h.PreviousVersion, h.MovedBy, h.Reason, h.MovedAt);

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex AliasPattern();
}
