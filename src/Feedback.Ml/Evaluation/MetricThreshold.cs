namespace Feedback.Ml.Evaluation;

/// <summary>Whether a larger metric value is an improvement (AUC) or a regression (loss).</summary>
public enum ChangeDirection
{
    /// <summary>Larger is better, e.g. AUC, accuracy.</summary>
    HigherIsBetter,

    /// <summary>Smaller is better, e.g. log loss, RMSE.</summary>
    LowerIsBetter,
}

/// <summary>
/// TFMA's <c>GenericValueThreshold</c>: the metric must be strictly greater than <see cref="LowerBound"/> and strictly
/// less than <see cref="UpperBound"/>; an unset bound is −∞ or +∞. Note the strictness: a value equal to a bound fails.
/// </summary>
public sealed class ValueThreshold
{
    /// <summary>Creates a value threshold; at least one bound must be set.</summary>
    /// <exception cref="ArgumentException">No bound, a NaN bound, or a lower bound not below the upper bound.</exception>
    public ValueThreshold(double? lowerBound = null, double? upperBound = null)
    {
        if (lowerBound is null && upperBound is null)
        {
            throw new ArgumentException("A value threshold needs lowerBound, upperBound or both.", nameof(lowerBound));
        }

        if (lowerBound is double l && double.IsNaN(l))
        {
            throw new ArgumentOutOfRangeException(nameof(lowerBound), l, "lowerBound must be a number, was NaN.");
        }

        if (upperBound is double u && double.IsNaN(u))
        {
            throw new ArgumentOutOfRangeException(nameof(upperBound), u, "upperBound must be a number, was NaN.");
        }

        if (lowerBound >= upperBound)
        {
            throw new ArgumentOutOfRangeException(nameof(upperBound), upperBound, $"upperBound ({upperBound}) must be greater than lowerBound ({lowerBound}).");
        }

        LowerBound = lowerBound;
        UpperBound = upperBound;
    }

    /// <summary>Exclusive lower bound; null is −∞.</summary>
    public double? LowerBound { get; }

    /// <summary>Exclusive upper bound; null is +∞.</summary>
    public double? UpperBound { get; }

    /// <summary>True when lower &lt; value &lt; upper (TFMA's strict comparison).</summary>
    public bool IsSatisfiedBy(double value) =>
        value > (LowerBound ?? double.NegativeInfinity) && value < (UpperBound ?? double.PositiveInfinity);
}

/// <summary>
/// TFMA's <c>GenericChangeThreshold</c>: compares the candidate value v_c with the baseline value v_b. Absolute change
/// is v_c − v_b, relative change is v_c / v_b. Higher-is-better passes when the change is strictly greater than the
/// threshold (so <c>absolute: -1e-10</c> means "not worse"); lower-is-better passes when it is strictly less. With both
/// absolute and relative set, both must pass.
/// </summary>
public sealed class ChangeThreshold
{
    /// <summary>Creates a change threshold; at least one of absolute and relative must be set.</summary>
    /// <exception cref="ArgumentException">Neither set, or a non-finite value.</exception>
    public ChangeThreshold(ChangeDirection direction, double? absolute = null, double? relative = null)
    {
        if (!Enum.IsDefined(direction))
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, $"direction must be HigherIsBetter or LowerIsBetter, was {direction}.");
        }

        if (absolute is null && relative is null)
        {
            throw new ArgumentException("A change threshold needs absolute, relative or both.", nameof(absolute));
        }

        if (absolute is double a && !double.IsFinite(a))
        {
            throw new ArgumentOutOfRangeException(nameof(absolute), a, $"absolute must be finite, was {a}.");
        }

        if (relative is double r && !double.IsFinite(r))
        {
            throw new ArgumentOutOfRangeException(nameof(relative), r, $"relative must be finite, was {r}.");
        }

        Direction = direction;
        Absolute = absolute;
        Relative = relative;
    }

    /// <summary>Whether larger values are better.</summary>
    public ChangeDirection Direction { get; }

    /// <summary>Threshold on v_c − v_b, or null.</summary>
    public double? Absolute { get; }

    /// <summary>Threshold on v_c / v_b, or null.</summary>
    public double? Relative { get; }

    internal bool Passes(double change, double threshold) =>
        Direction == ChangeDirection.HigherIsBetter ? change > threshold : change < threshold;
}

/// <summary>
/// A threshold on one metric: a value threshold, a change threshold or both. It applies to the overall slice unless
/// <see cref="Slice"/> names one (feature → value; the value <c>*</c> matches every value of that feature).
/// </summary>
public sealed class MetricThreshold
{
    /// <summary>Creates a metric threshold.</summary>
    /// <exception cref="ArgumentException">A blank metric name, or neither a value nor a change threshold.</exception>
    public MetricThreshold(string metric, ValueThreshold? value = null, ChangeThreshold? change = null, IReadOnlyDictionary<string, string>? slice = null)
    {
        if (string.IsNullOrWhiteSpace(metric))
        {
            throw new ArgumentException("metric is required.", nameof(metric));
        }

        if (value is null && change is null)
        {
            throw new ArgumentException($"The threshold on '{metric}' needs a value threshold, a change threshold or both.", nameof(value));
        }

        Metric = metric;
        Value = value;
        Change = change;
        Slice = slice;
    }

    /// <summary>The metric name (see <see cref="MetricNames"/>).</summary>
    public string Metric { get; }

    /// <summary>Bounds on the candidate's value, or null.</summary>
    public ValueThreshold? Value { get; }

    /// <summary>Bounds on the change from the baseline, or null.</summary>
    public ChangeThreshold? Change { get; }

    /// <summary>The slice the threshold applies to (feature → value, <c>*</c> for all values); null for overall.</summary>
    public IReadOnlyDictionary<string, string>? Slice { get; }

    internal bool AppliesTo(SliceKey key) => Slice is null || Slice.Count == 0 ? key.IsOverall : key.Matches(Slice);
}
