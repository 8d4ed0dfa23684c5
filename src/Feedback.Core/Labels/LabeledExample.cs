namespace Feedback.Core.Labels;

/// <summary>One labeled prediction (SPEC §1): the resolved label of a tracking ID with its provenance. Written only by
/// <see cref="LabelJoiner"/>; a row disappears when its label does.</summary>
public sealed class LabeledExample
{
    public long Id { get; set; }

    public long ModelId { get; set; }

    /// <summary>Unique: tracking IDs are global and a prediction has at most one resolved label.</summary>
    public required string TrackingId { get; set; }

    public long PredictionId { get; set; }

    public required string Label { get; set; }

    /// <summary>The <see cref="LabelSourceNames"/> wire name of the winning source.</summary>
    public required string LabelSource { get; set; }

    public double Confidence { get; set; }

    public double Weight { get; set; }

    /// <summary>JSON array of the supporting evidence IDs, e.g. <c>["feedback:12","annotation:7"]</c>.</summary>
    public required string Evidence { get; set; }

    /// <summary>JSON array of <see cref="LabelConflict"/>s; <c>[]</c> when none.</summary>
    public required string Conflicts { get; set; }

    public int ConflictCount { get; set; }

    /// <summary>Copied from the prediction so live accuracy needs no join.</summary>
    public string? PredictedLabel { get; set; }

    public int? ModelVersion { get; set; }

    public DateTimeOffset ServedAt { get; set; }

    /// <summary>When the prediction first got a label.</summary>
    public DateTimeOffset FirstLabeledAt { get; set; }

    /// <summary>When the current label value was set: a changed label counts as new for retraining triggers.</summary>
    public DateTimeOffset LabeledAt { get; set; }

    /// <summary>When anything in the row last changed (weight, evidence, conflicts).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Per-model progress of the incremental join: watermarks (what has been looked at) and the latest counts.</summary>
/// <remarks>Watermarks are IDs, not times: IDs only grow, and every table the join follows has its primary key
/// index to range-scan. A watermark stops short of rows received within <see cref="LabelJoinOptions.SettleTime"/> of the
/// run, because on PostgreSQL an ID can become visible after a higher one commits; those rows are read again next time.</remarks>
public sealed class LabelJoinState
{
    public long ModelId { get; set; }

    /// <summary>Feedback events up to this ID have been joined.</summary>
    public long FeedbackWatermark { get; set; }

    /// <summary>Predictions up to this ID have been joined.</summary>
    public long PredictionWatermark { get; set; }

    /// <summary>Annotation answers (and so item resolutions, written in the same transaction) up to this ID have been joined.</summary>
    public long AnswerWatermark { get; set; }

    /// <summary>The clock of the last run: attribution windows that closed up to here have been applied.</summary>
    public DateTimeOffset? WindowWatermark { get; set; }

    /// <summary>Fingerprint of task type, classes and label policy; a change re-resolves every prediction.</summary>
    public required string PolicyFingerprint { get; set; }

    public int Predictions { get; set; }

    public int WithFeedback { get; set; }

    public int Labeled { get; set; }

    public int Conflicts { get; set; }

    public int Orphans { get; set; }

    public int NeedsAnnotation { get; set; }

    public DateTimeOffset LastRunAt { get; set; }
}
