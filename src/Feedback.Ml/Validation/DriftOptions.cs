namespace Feedback.Ml.Validation;

/// <summary>How numeric features are binned so that two statistics artifacts are compared on the same bins.</summary>
public enum NumericBinning
{
    /// <summary>Bin edges at the baseline's quantiles (i / <see cref="DriftOptions.BinCount"/>), with open-ended
    /// first and last bins: each bin holds about the same share of the baseline, so skewed features are not
    /// squeezed into one bin, and values beyond the baseline's range land in the end bins.</summary>
    BaselineQuantiles,

    /// <summary>Equal-width bins over the union of both ranges [min(min₁, min₂), max(max₁, max₂)].</summary>
    UnionRange,
}

/// <summary>Options of <see cref="DriftDetector"/>. Validated when the detector is constructed.</summary>
public sealed class DriftOptions
{
    /// <summary>Bins per numeric feature, 2 to 1,000. Defaults to 10.</summary>
    public int BinCount { get; init; } = Defaults.BinCount;

    /// <summary>How numeric bins are placed. Defaults to <see cref="NumericBinning.BaselineQuantiles"/>.</summary>
    public NumericBinning Binning { get; init; } = Defaults.Binning;

    /// <summary>In the population stability index, a bin share of zero on either side is replaced by this value
    /// (the shares are not renormalised), since ln(q/0) is infinite. Greater than 0 and at most 0.1.
    /// Defaults to 0.0001.</summary>
    public double PsiEpsilon { get; init; } = Defaults.PsiEpsilon;

    internal void Validate()
    {
        StatisticsOptions.Require(BinCount is >= 2 and <= 1000, nameof(BinCount), BinCount, "between 2 and 1000");
        StatisticsOptions.Require(Enum.IsDefined(Binning), nameof(Binning), Binning, "a defined NumericBinning");
        StatisticsOptions.Require(PsiEpsilon is > 0 and <= 0.1, nameof(PsiEpsilon), PsiEpsilon, "greater than 0 and at most 0.1");
    }

    internal static void CheckThreshold(string feature, DistanceThreshold threshold)
    {
        if (!Enum.IsDefined(threshold.Measure) || !double.IsFinite(threshold.Value) || threshold.Value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"{feature}: a threshold must be a defined measure and a finite, non-negative value, was {threshold.Measure} {threshold.Value}.");
        }
    }

    internal static class Defaults
    {
        public const int BinCount = 10;
        public const NumericBinning Binning = NumericBinning.BaselineQuantiles;
        public const double PsiEpsilon = 1e-4;
    }
}
