namespace Feedback.Ml.Evaluation;

/// <summary>Which model a validation failure is about.</summary>
public enum ValidatedModel
{
    /// <summary>The candidate (value thresholds).</summary>
    Candidate,

    /// <summary>The candidate compared with the baseline (change thresholds).</summary>
    CandidateVersusBaseline,
}

/// <summary>A threshold that did not pass.</summary>
/// <param name="Metric">The metric name.</param>
/// <param name="Slice">The slice.</param>
/// <param name="ModelName">The candidate's name.</param>
/// <param name="BaselineModelName">The baseline's name for change thresholds, else null.</param>
/// <param name="Kind">Value or change check.</param>
/// <param name="ObservedValue">The candidate's value (null when undefined).</param>
/// <param name="BaselineValue">The baseline's value for change thresholds.</param>
/// <param name="ObservedChange">v_c − v_b or v_c / v_b, whichever failed.</param>
/// <param name="Threshold">A description of the threshold, e.g. <c>value &gt; 0.7</c>, <c>relative change &gt; 1.01 (higher is better)</c>.</param>
public sealed record ValidationFailure(
    string Metric,
    SliceKey Slice,
    string ModelName,
    string? BaselineModelName,
    ValidatedModel Kind,
    double? ObservedValue,
    double? BaselineValue,
    double? ObservedChange,
    string Threshold);

/// <summary>A configured check that was not run, and why (e.g. no baseline for a change threshold).</summary>
/// <param name="Metric">The metric name.</param>
/// <param name="Slice">The slice name, or the threshold's slice pattern.</param>
/// <param name="Reason">Why it was skipped.</param>
public sealed record SkippedCheck(string Metric, string Slice, string Reason);

/// <summary>The evaluator's approval of a candidate: the Pusher acts only on one.</summary>
/// <param name="ModelName">The blessed model.</param>
/// <param name="Reason">Why, e.g. "all 4 threshold checks passed" or "blessed because no thresholds were configured".</param>
public sealed record Blessing(string ModelName, string Reason);

/// <summary>TFMA's validation result: ok, or the failures; what was skipped; and the blessing when ok.</summary>
/// <param name="ValidationOk">True when no check failed.</param>
/// <param name="ChecksPassed">Number of checks that passed.</param>
/// <param name="Failures">The failed checks.</param>
/// <param name="Skipped">Checks not run, with the reason (visible, never silent).</param>
/// <param name="Blessing">The blessing when ok, else null.</param>
public sealed record ValidationResult(
    bool ValidationOk,
    int ChecksPassed,
    IReadOnlyList<ValidationFailure> Failures,
    IReadOnlyList<SkippedCheck> Skipped,
    Blessing? Blessing);
