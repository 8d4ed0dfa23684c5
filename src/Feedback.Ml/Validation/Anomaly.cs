namespace Feedback.Ml.Validation;

/// <summary>What is wrong.</summary>
public enum AnomalyKind
{
    /// <summary>A required column is absent from the data.</summary>
    MissingColumn,

    /// <summary>Fewer rows carry a valid value than the schema's minimum presence.</summary>
    LowPresence,

    /// <summary>The values are not of the schema's type (the statistics' type differs, or values could not be read).</summary>
    TypeMismatch,

    /// <summary>Categorical values outside the schema's domain.</summary>
    UnexpectedValues,

    /// <summary>Numeric values outside the schema's range.</summary>
    OutOfRange,

    /// <summary>The label column is absent, or some rows have no valid label.</summary>
    MissingLabel,

    /// <summary>A column in the data that the schema does not know.</summary>
    NewColumn,

    /// <summary>The distribution moved further from the previous snapshot than the feature's drift threshold.</summary>
    Drift,

    /// <summary>Serving data differs from training data by more than the feature's skew threshold.</summary>
    Skew,
}

/// <summary>How bad an anomaly is: an error stops a pipeline run, a warning is recorded and shown.</summary>
public enum AnomalySeverity
{
    /// <summary>Recorded and shown.</summary>
    Warning,

    /// <summary>Stops the run.</summary>
    Error,
}

/// <summary>One problem found in a split's statistics.</summary>
public sealed record Anomaly
{
    /// <summary>The feature (or label) concerned.</summary>
    public required string Feature { get; init; }

    /// <summary>What is wrong.</summary>
    public required AnomalyKind Kind { get; init; }

    /// <summary>How bad it is.</summary>
    public required AnomalySeverity Severity { get; init; }

    /// <summary>A human-readable sentence, starting with the feature name.</summary>
    public required string Description { get; init; }

    /// <summary>The share of rows (or values) affected, in [0, 1], where it applies.</summary>
    public double? Share { get; init; }

    /// <summary>Up to three offending values, as text.</summary>
    public IReadOnlyList<string> Examples { get; init; } = [];
}

/// <summary>The anomalies of one split against one schema version.</summary>
public sealed record AnomalyReport
{
    /// <summary>The split validated.</summary>
    public required string Split { get; init; }

    /// <summary>The schema version validated against.</summary>
    public required int SchemaVersion { get; init; }

    /// <summary>The anomalies, in schema order (label last, new columns after it).</summary>
    public required IReadOnlyList<Anomaly> Anomalies { get; init; }

    /// <summary>Whether any anomaly is an error.</summary>
    public bool HasErrors => Anomalies.Any(a => a.Severity == AnomalySeverity.Error);
}
