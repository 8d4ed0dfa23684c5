namespace Feedback.Core.Models;

/// <summary>A named prediction task and its current definition. Every edit appends a <see cref="ModelRevision"/>.</summary>
public sealed class RegisteredModel
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public TaskType TaskType { get; set; }

    public int CurrentRevision { get; set; }

    /// <summary>Canonical JSON of the current revision's definition (a copy of that revision, for one-row reads).</summary>
    public required string Definition { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<ModelRevision> Revisions { get; } = [];
}

/// <summary>One immutable revision of a model definition.</summary>
public sealed class ModelRevision
{
    public long Id { get; set; }

    public long ModelId { get; set; }

    public int Revision { get; set; }

    public required string Definition { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Who made the revision (API key id or user name).</summary>
    public string? CreatedBy { get; set; }
}

/// <summary>An immutable trained artifact of a model, numbered 1, 2, 3… per model. Filled by the training pipeline.</summary>
public sealed class ModelVersion
{
    public long Id { get; set; }

    public long ModelId { get; set; }

    public int Version { get; set; }

    /// <summary>The definition revision the version was trained for.</summary>
    public int DefinitionRevision { get; set; }

    /// <summary>The version it was warm-started from, if any.</summary>
    public int? ParentVersion { get; set; }

    /// <summary>Content hash (SHA-256, hex) of <see cref="Bundle"/>.</summary>
    public required string BundleHash { get; set; }

    /// <summary>The serialised model bundle: schema, fitted transform, predictor, metadata.</summary>
    public required byte[] Bundle { get; set; }

    /// <summary>JSON: trainer, hyper-parameters, training snapshot, metrics.</summary>
    public string? Metadata { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A named pointer (<c>production</c>, <c>candidate</c>, <c>canary</c>) at a version of a model.</summary>
public sealed class ModelAlias
{
    public long ModelId { get; set; }

    public required string Alias { get; set; }

    public int Version { get; set; }

    /// <summary>Share of traffic for a <c>canary</c> alias (0–1); null for the others.</summary>
    public double? TrafficShare { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
