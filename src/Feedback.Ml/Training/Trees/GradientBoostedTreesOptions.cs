namespace Feedback.Ml.Training.Trees;

/// <summary>Settings of <see cref="GradientBoostedTreesTrainer"/>. Every property is validated when it is set, so an
/// invalid value fails where it is written, before any training starts.</summary>
/// <remarks>Defaults follow scikit-learn's <c>HistGradientBoostingClassifier</c>/<c>Regressor</c>, except early stopping,
/// which is off unless <see cref="EarlyStopping"/> is set.</remarks>
public sealed class GradientBoostedTreesOptions
{
    private readonly int _rounds = Defaults.Rounds;
    private readonly double _learningRate = Defaults.LearningRate;
    private readonly int _maxLeaves = Defaults.MaxLeaves;
    private readonly int? _maxDepth;
    private readonly int _minExamplesPerLeaf = Defaults.MinExamplesPerLeaf;
    private readonly double _l2Regularization = Defaults.L2Regularization;
    private readonly int _maxBins = Defaults.MaxBins;
    private readonly double _rowSubsample = Defaults.RowSubsample;
    private readonly double _featureSubsample = Defaults.FeatureSubsample;
    private readonly double _validationFraction = Defaults.ValidationFraction;
    private readonly int _earlyStoppingRounds = Defaults.EarlyStoppingRounds;
    private readonly double _earlyStoppingTolerance = Defaults.EarlyStoppingTolerance;
    private readonly int? _maxDegreeOfParallelism;

    /// <summary>Boosting rounds to run (each adds one tree, or one per class for multiclass). Defaults to 100.
    /// With a warm-start parent these rounds are added after the parent's.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int Rounds
    {
        get => _rounds;
        init => _rounds = value >= 1 ? value : throw OutOfRange(nameof(Rounds), value, "must be at least 1");
    }

    /// <summary>Shrinkage applied to every leaf value, in (0, 1]. Defaults to 0.1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in (0, 1].</exception>
    public double LearningRate
    {
        get => _learningRate;
        init => _learningRate = value is > 0 and <= 1 ? value : throw OutOfRange(nameof(LearningRate), value, "must be in (0, 1]");
    }

    /// <summary>Most leaves per tree; trees grow leaf-wise (best gain first) until they have this many. Defaults to 31.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 2.</exception>
    public int MaxLeaves
    {
        get => _maxLeaves;
        init => _maxLeaves = value >= 2 ? value : throw OutOfRange(nameof(MaxLeaves), value, "must be at least 2");
    }

    /// <summary>Deepest level a split may create (the root is depth 0), or null for no limit beyond
    /// <see cref="MaxLeaves"/>. Defaults to null.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int? MaxDepth
    {
        get => _maxDepth;
        init => _maxDepth = value is null or >= 1 ? value : throw OutOfRange(nameof(MaxDepth), value, "must be at least 1 (or null for no limit)");
    }

    /// <summary>Fewest training examples a leaf may hold. Defaults to 20.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int MinExamplesPerLeaf
    {
        get => _minExamplesPerLeaf;
        init => _minExamplesPerLeaf = value >= 1 ? value : throw OutOfRange(nameof(MinExamplesPerLeaf), value, "must be at least 1");
    }

    /// <summary>L2 penalty λ on leaf values: a leaf's value is −G/(H+λ). Defaults to 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or not finite.</exception>
    public double L2Regularization
    {
        get => _l2Regularization;
        init => _l2Regularization = value >= 0 && double.IsFinite(value) ? value : throw OutOfRange(nameof(L2Regularization), value, "must be finite and non-negative");
    }

    /// <summary>Most bins per feature (quantiles of the training data), from 2 to 255. Defaults to 255.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in [2, 255].</exception>
    public int MaxBins
    {
        get => _maxBins;
        init => _maxBins = value is >= 2 and <= 255 ? value : throw OutOfRange(nameof(MaxBins), value, "must be from 2 to 255");
    }

    /// <summary>Fraction of training rows sampled (without replacement) for each round, in (0, 1]. Defaults to 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in (0, 1].</exception>
    public double RowSubsample
    {
        get => _rowSubsample;
        init => _rowSubsample = value is > 0 and <= 1 ? value : throw OutOfRange(nameof(RowSubsample), value, "must be in (0, 1]");
    }

    /// <summary>Fraction of features each tree may split on, sampled per tree, in (0, 1]. Defaults to 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in (0, 1].</exception>
    public double FeatureSubsample
    {
        get => _featureSubsample;
        init => _featureSubsample = value is > 0 and <= 1 ? value : throw OutOfRange(nameof(FeatureSubsample), value, "must be in (0, 1]");
    }

    /// <summary>Whether to hold out <see cref="ValidationFraction"/> of the rows and stop when their loss has not improved
    /// by <see cref="EarlyStoppingTolerance"/> for <see cref="EarlyStoppingRounds"/> rounds; the model is then cut back
    /// to its best round. Defaults to false.</summary>
    public bool EarlyStopping { get; init; } = Defaults.EarlyStopping;

    /// <summary>Fraction of rows held out for early stopping, in (0, 0.5]. Defaults to 0.1. Used only with
    /// <see cref="EarlyStopping"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in (0, 0.5].</exception>
    public double ValidationFraction
    {
        get => _validationFraction;
        init => _validationFraction = value is > 0 and <= 0.5 ? value : throw OutOfRange(nameof(ValidationFraction), value, "must be in (0, 0.5]");
    }

    /// <summary>Rounds without improvement of the validation loss before training stops (patience). Defaults to 10.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int EarlyStoppingRounds
    {
        get => _earlyStoppingRounds;
        init => _earlyStoppingRounds = value >= 1 ? value : throw OutOfRange(nameof(EarlyStoppingRounds), value, "must be at least 1");
    }

    /// <summary>Smallest decrease of the mean validation loss that counts as an improvement. Defaults to 1e-7.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or not finite.</exception>
    public double EarlyStoppingTolerance
    {
        get => _earlyStoppingTolerance;
        init => _earlyStoppingTolerance = value >= 0 && double.IsFinite(value) ? value : throw OutOfRange(nameof(EarlyStoppingTolerance), value, "must be finite and non-negative");
    }

    /// <summary>Seed of every random choice (validation split, bin sample, row and feature subsamples). The same seed,
    /// data and options give a bit-identical model on any core count. Defaults to 0.</summary>
    public int Seed { get; init; } = Defaults.Seed;

    /// <summary>Most threads used to build histograms, or null for all cores. Does not change the model. Defaults to null.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int? MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init => _maxDegreeOfParallelism = value is null or >= 1 ? value : throw OutOfRange(nameof(MaxDegreeOfParallelism), value, "must be at least 1 (or null for all cores)");
    }

    private static ArgumentOutOfRangeException OutOfRange(string option, object? value, string rule) =>
        new(option, value, $"{option} {rule}; got {value}.");
}
