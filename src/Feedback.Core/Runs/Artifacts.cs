namespace Feedback.Core.Runs;

/// <summary>Stored content, addressed by its SHA-256: equal outputs of different runs are stored once.</summary>
public sealed class ArtifactBlob
{
    /// <summary>SHA-256 of <see cref="Content"/>, lower-case hex.</summary>
    public required string Hash { get; set; }

    public required byte[] Content { get; set; }

    public long Size { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An output of a run's step (snapshot, statistics, schema, anomalies, transform, model, evaluation, blessing,
/// approval, push record), with lineage to the run and step that produced it.</summary>
public sealed class RunArtifact
{
    public long Id { get; set; }

    public long ModelId { get; set; }

    public long RunId { get; set; }

    public required string Step { get; set; }

    /// <summary>See <see cref="ArtifactKinds"/>.</summary>
    public required string Kind { get; set; }

    public required string Hash { get; set; }

    /// <summary><c>application/json</c>, <c>application/x-ndjson+gzip</c> or <c>application/x-feedback-model</c>.</summary>
    public required string MediaType { get; set; }

    public long Size { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public static class ArtifactKinds
{
    public const string Snapshot = "snapshot";
    public const string Statistics = "statistics";
    public const string ServingStatistics = "serving-statistics";
    public const string Schema = "schema";
    public const string Anomalies = "anomalies";
    public const string Transform = "transform";
    public const string Model = "model";
    public const string Evaluation = "evaluation";
    public const string Blessing = "blessing";
    public const string Approval = "approval";
    public const string Push = "push";
}

/// <summary>One labeled example of a dataset snapshot: which tracking ID, on which side of the split, with which
/// label and evidence. The lineage index from a prediction to the snapshots (and so the versions) that used it.</summary>
public sealed class SnapshotExample
{
    /// <summary>The snapshot artifact's id.</summary>
    public long SnapshotId { get; set; }

    public required string TrackingId { get; set; }

    public long ModelId { get; set; }

    /// <summary><c>train</c> or <c>eval</c>.</summary>
    public required string Split { get; set; }

    public required string Label { get; set; }

    /// <summary>Evidence IDs (feedback events, annotations) as a JSON array.</summary>
    public required string Evidence { get; set; }
}
