namespace Feedback.Core.Annotation;

/// <summary>Settings of the annotation area (section <c>Annotation</c>).</summary>
public sealed class AnnotationOptions
{
    public const string SectionName = "Annotation";

    /// <summary>How long <c>next</c> holds a slot for an annotator before it returns to the pool. Defaults to 10 minutes.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Annotators whose accuracy on gold (or agreement with consensus, without gold) is below this share are
    /// flagged and down-weighted. Defaults to 0.6.</summary>
    public double QualityThreshold { get; set; } = 0.6;

    /// <summary>Vote weight of a flagged annotator in aggregation (0–1). Defaults to 0.25.</summary>
    public double FlaggedWeight { get; set; } = 0.25;

    /// <summary>Scored answers (gold, or items with consensus) needed before an annotator can be flagged. Defaults to 3.</summary>
    public int MinScoredAnswers { get; set; } = 3;

    /// <summary>How many recent predictions a populate run scans per source. Defaults to 20000.</summary>
    public int MaxCandidates { get; set; } = 20_000;

    /// <summary>Dawid–Skene stops when no posterior moves by more than this. Defaults to 1e-6.</summary>
    public double DawidSkeneTolerance { get; set; } = 1e-6;

    /// <summary>Dawid–Skene iteration cap. Defaults to 100.</summary>
    public int DawidSkeneMaxIterations { get; set; } = 100;
}
