namespace Feedback.Ml.Validation;

/// <summary>Distances between two discrete distributions over the same bins (shares that each sum to 1).</summary>
public static class DistributionDistance
{
    /// <summary>L-infinity distance: max |p[i] − q[i]|, in [0, 1].</summary>
    /// <param name="baseline">Baseline shares.</param>
    /// <param name="current">Current shares, aligned with <paramref name="baseline"/>.</param>
    /// <param name="index">The bin with the largest difference (the first on ties), or -1 when there are no bins.</param>
    public static double LInfinity(ReadOnlySpan<double> baseline, ReadOnlySpan<double> current, out int index)
    {
        CheckAligned(baseline, current);
        index = -1;
        var max = 0.0;
        for (var i = 0; i < baseline.Length; i++)
        {
            var difference = Math.Abs(baseline[i] - current[i]);
            if (index < 0 || difference > max)
            {
                max = difference;
                index = i;
            }
        }

        return max;
    }

    /// <summary>Jensen–Shannon divergence in base 2: ½ KL(p‖m) + ½ KL(q‖m) with m = (p + q) / 2. Base 2 bounds it
    /// by 1 (reached for disjoint supports); 0·log 0 is taken as 0, so no smoothing is needed. This is the divergence,
    /// not its square root: it equals SciPy's <c>jensenshannon(p, q, base=2) ** 2</c>.</summary>
    public static double JensenShannon(ReadOnlySpan<double> baseline, ReadOnlySpan<double> current)
    {
        CheckAligned(baseline, current);
        var sum = 0.0;
        for (var i = 0; i < baseline.Length; i++)
        {
            var m = (baseline[i] + current[i]) / 2;
            sum += Term(baseline[i], m) + Term(current[i], m);
        }

        return Math.Clamp(sum / 2, 0, 1);

        static double Term(double p, double m) => p > 0 ? p * Math.Log2(p / m) : 0;
    }

    /// <summary>Population stability index: Σ (q[i] − p[i]) · ln(q[i] / p[i]), where a zero share on either
    /// side is replaced by <paramref name="epsilon"/> (no renormalisation). Symmetric and non-negative.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is not positive.</exception>
    public static double PopulationStability(ReadOnlySpan<double> baseline, ReadOnlySpan<double> current, double epsilon)
    {
        CheckAligned(baseline, current);
        if (!(epsilon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"epsilon must be positive, was {epsilon}.");
        }

        var sum = 0.0;
        for (var i = 0; i < baseline.Length; i++)
        {
            var p = baseline[i] > 0 ? baseline[i] : epsilon;
            var q = current[i] > 0 ? current[i] : epsilon;
            sum += (q - p) * Math.Log(q / p);
        }

        return sum;
    }

    private static void CheckAligned(ReadOnlySpan<double> baseline, ReadOnlySpan<double> current)
    {
        if (baseline.Length != current.Length)
        {
            throw new ArgumentException($"The distributions have {baseline.Length} and {current.Length} bins; they must share bins.", nameof(current));
        }
    }
}
