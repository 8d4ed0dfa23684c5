namespace Feedback.Core.Privacy;

/// <summary>The record of one erasure of a subject's data: what was removed and which model versions and snapshots had
/// used it (the lineage that outlives the data). The subject is kept only as a SHA-256 hash, so the record itself holds
/// nothing of the subject and a repeated request can be recognised.</summary>
public sealed class SubjectErasure
{
    public long Id { get; set; }

    /// <summary>Lower-case hex SHA-256 of the subject ID.</summary>
    public required string SubjectHash { get; set; }

    public required string RequestedBy { get; set; }

    public DateTimeOffset ErasedAt { get; set; }

    public int Predictions { get; set; }

    public int FeedbackEvents { get; set; }

    public int AnnotationItems { get; set; }

    public int LabeledExamples { get; set; }

    public int SnapshotExamples { get; set; }

    /// <summary>JSON array of <c>{model, version}</c>: versions trained on snapshots that held the subject's examples.</summary>
    public required string Versions { get; set; }

    /// <summary>JSON array of snapshot IDs rewritten without the subject's examples.</summary>
    public required string Snapshots { get; set; }
}
