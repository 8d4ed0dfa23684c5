namespace Feedback.Ml.Training.Trees;

/// <summary>Default values of <see cref="GradientBoostedTreesOptions"/>, chosen to match scikit-learn's
/// <c>HistGradientBoosting*</c> estimators so results and benchmarks compare like with like.</summary>
internal static class Defaults
{
    public const int Rounds = 100;
    public const double LearningRate = 0.1;
    public const int MaxLeaves = 31;
    public const int MinExamplesPerLeaf = 20;
    public const double L2Regularization = 0.0;
    public const int MaxBins = 255;
    public const double RowSubsample = 1.0;
    public const double FeatureSubsample = 1.0;
    public const bool EarlyStopping = false;
    public const double ValidationFraction = 0.1;
    public const int EarlyStoppingRounds = 10;
    public const double EarlyStoppingTolerance = 1e-7;
    public const int Seed = 0;

    /// <summary>Rows sampled to choose bin edges; quantiles of 200,000 rows are as good as all of them (sklearn uses the same).</summary>
    public const int BinSampleSize = 200_000;

    /// <summary>Smallest hessian sum a child may have; guards the leaf value −G/(H+λ) against division by ~0 when λ is 0.</summary>
    public const double MinChildHessian = 1e-3;
}
