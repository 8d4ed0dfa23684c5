using System.Text.Json.Serialization;

namespace Feedback.Ml.Validation;

/// <summary>An immutable, serialisable view of a <see cref="QuantileSketch"/>: sorted distinct values, each with
/// the number of input values it stands for. It answers rank, quantile and interval-mass queries within the
/// sketch's error bound, and lets drift be computed from two stored statistics artifacts.</summary>
/// <param name="Values">Distinct retained values, strictly increasing.</param>
/// <param name="Weights">Weight of each value; they sum to the number of values summarised.</param>
public sealed record QuantileSummary(IReadOnlyList<double> Values, IReadOnlyList<long> Weights)
{
    /// <summary>Total weight: the number of values summarised.</summary>
    [JsonIgnore]
    public long TotalWeight => Weights.Sum();

    /// <summary>The weight of values less than or equal to <paramref name="value"/>.</summary>
    public long RankAtMost(double value)
    {
        long rank = 0;
        for (var i = 0; i < Values.Count && Values[i] <= value; i++)
        {
            rank += Weights[i];
        }

        return rank;
    }

    /// <summary>The weight of values strictly less than <paramref name="value"/>.</summary>
    public long RankBelow(double value)
    {
        long rank = 0;
        for (var i = 0; i < Values.Count && Values[i] < value; i++)
        {
            rank += Weights[i];
        }

        return rank;
    }

    /// <summary>The lower quantile at <paramref name="fraction"/>: the smallest retained value whose cumulative
    /// weight reaches <c>fraction × total</c> (nearest-rank definition, NumPy's <c>method="inverted_cdf"</c>;
    /// 0 gives the smallest value).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fraction"/> is outside [0, 1].</exception>
    /// <exception cref="InvalidOperationException">The summary is empty.</exception>
    public double Quantile(double fraction)
    {
        if (fraction is < 0 or > 1 || double.IsNaN(fraction))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, $"fraction must be between 0 and 1, was {fraction}.");
        }

        if (Values.Count == 0)
        {
            throw new InvalidOperationException("The summary is empty.");
        }

        var target = fraction * TotalWeight;
        long cumulative = 0;
        for (var i = 0; i < Values.Count; i++)
        {
            cumulative += Weights[i];
            if (cumulative >= target)
            {
                return Values[i];
            }
        }

        return Values[^1];
    }
}
