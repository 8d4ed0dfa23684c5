namespace Feedback.Ml.Training.Trees;

/// <summary>The best split of a node: rows with bin ≤ <see cref="Bin"/> in <see cref="Feature"/> go left.</summary>
internal readonly record struct Split(int Feature, int Bin, double Gain, double LeftGradient, double LeftHessian, int LeftCount)
{
    public static Split None => new(-1, -1, 0, 0, 0, 0);

    public bool Exists => Feature >= 0;
}

/// <summary>Scans node histograms for the split with the largest gain
/// <c>G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)</c> (XGBoost/LightGBM's second-order gain with L2 penalty λ).</summary>
internal sealed class SplitFinder
{
    private readonly int[] _offsets;
    private readonly double _lambda;
    private readonly int _minCount;

    public SplitFinder(int[] histogramOffsets, double lambda, int minExamplesPerLeaf)
    {
        _offsets = histogramOffsets;
        _lambda = lambda;
        _minCount = minExamplesPerLeaf;
    }

    /// <summary>Leaf score G²/(H+λ); the gain of a split is the children's scores minus the parent's.</summary>
    public double Score(double gradient, double hessian) => gradient * gradient / (hessian + _lambda);

    /// <summary>Best split over <paramref name="features"/> with a positive gain (ties go to the lower feature index,
    /// then the lower bin, so the choice is deterministic), or <see cref="Split.None"/> when no split keeps both
    /// children valid.</summary>
    public Split Find(HistogramBin[] histogram, int[] features, double gradient, double hessian, int count)
    {
        var best = Split.None;
        if (count < 2 * _minCount)
        {
            return best;
        }

        var parentScore = Score(gradient, hessian);
        foreach (var feature in features)
        {
            double leftGradient = 0, leftHessian = 0;
            var leftCount = 0;
            for (int b = _offsets[feature], last = _offsets[feature + 1] - 1; b < last; b++)
            {
                leftGradient += histogram[b].Gradient;
                leftHessian += histogram[b].Hessian;
                leftCount += histogram[b].Count;
                if (leftCount < _minCount || leftHessian < Defaults.MinChildHessian)
                {
                    continue;
                }

                var rightCount = count - leftCount;
                var rightHessian = hessian - leftHessian;
                if (rightCount < _minCount)
                {
                    break;
                }

                if (rightHessian < Defaults.MinChildHessian)
                {
                    continue;
                }

                var gain = Score(leftGradient, leftHessian) + Score(gradient - leftGradient, rightHessian) - parentScore;
                if (gain > best.Gain)
                {
                    best = new Split(feature, b - _offsets[feature], gain, leftGradient, leftHessian, leftCount);
                }
            }
        }

        return best;
    }
}
