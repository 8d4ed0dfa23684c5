namespace Feedback.Ml.Bundles;

/// <summary>What a model bundle records about how its model was made.</summary>
public sealed record ModelMetadata
{
    /// <summary>The trainer's name, e.g. <c>logistic-regression</c>.</summary>
    public required string TrainerName { get; init; }

    /// <summary>Hyper-parameters as invariant-culture strings, by name.</summary>
    public IReadOnlyDictionary<string, string> HyperParameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Number of training rows.</summary>
    public long TrainingRows { get; init; }

    /// <summary>Content hash of the training data snapshot (opaque to the bundle).</summary>
    public string DataHash { get; init; } = string.Empty;

    /// <summary>The id of the model this one was warm-started from, or null for a cold start.</summary>
    public string? ParentModelId { get; init; }

    /// <summary>When the model was trained.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Class names in class-index order (empty for regression).</summary>
    public IReadOnlyList<string> LabelClasses { get; init; } = [];
}
