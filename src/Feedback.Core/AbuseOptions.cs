namespace Feedback.Core;

/// <summary>Limits on what one subject (an end user of the client app) can do to the labels and the training data.
/// Bound from the <c>Abuse</c> configuration section.</summary>
public sealed class AbuseOptions
{
    public const string SectionName = "Abuse";

    /// <summary>Feedback events one subject may send within <see cref="SubjectBurstWindow"/> before the rest are held in
    /// quarantine (stored, acknowledged, not joined until released). Defaults to 120.</summary>
    public int SubjectBurstLimit { get; set; } = 120;

    /// <summary>The window of <see cref="SubjectBurstLimit"/>. Defaults to 1 minute.</summary>
    public TimeSpan SubjectBurstWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The largest share of a snapshot's total weight that the examples of one subject may carry; heavier
    /// subjects have their examples' weights scaled down. Defaults to 0.05 (5 %).</summary>
    public double MaxSubjectShare { get; set; } = 0.05;

    /// <summary>Below this many examples per subject no cap applies (small snapshots). Defaults to 3.</summary>
    public int MinCappedExamples { get; set; } = 3;
}
