using Feedback.Ml.Training;
using Feedback.Ml.Training.MlNet;
using Microsoft.ML;
using IPredictor = Feedback.Ml.Training.IPredictor;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Feedback.Ml.MlNet;

/// <summary>The outcome of an <see cref="MlNetTrainer"/> run.</summary>
/// <param name="Predictor">The trained model.</param>
/// <param name="WarmStarted">Whether training started from the parent's linear parameters.</param>
/// <param name="Iterations">Boosting rounds of a tree model; 0 for linear models (ML.NET does not report L-BFGS or SDCA iterations).</param>
/// <param name="TrainingLoss">Weighted mean loss of the model on its training rows: log-loss in nats for classifiers
/// (not ML.NET's bits), squared error for regression.</param>
public sealed record MlNetTrainingResult(MlNetPredictor Predictor, bool WarmStarted, int Iterations, double TrainingLoss);

/// <summary>Trains one of <see cref="MlNetAlgorithms"/> on our transformed features. Deterministic for a given seed
/// (ML.NET's context seed is 0; SDCA runs on one thread).</summary>
public sealed class MlNetTrainer
{
    /// <summary>Creates a trainer for a validated spec.</summary>
    /// <exception cref="ArgumentException">The algorithm is not in the catalog.</exception>
    public MlNetTrainer(MlNetTrainerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        Algorithm = MlNetAlgorithms.Find(spec.Algorithm) ?? throw new ArgumentException($"'{spec.Algorithm}' is not an ML.NET algorithm.", nameof(spec));
    }

    /// <summary>The algorithm and options.</summary>
    public MlNetTrainerSpec Spec { get; }

    /// <summary>The catalog entry of the algorithm.</summary>
    public MlNetAlgorithm Algorithm { get; }

    /// <summary>The name recorded in model metadata, e.g. <c>mlnet:lightgbm</c>.</summary>
    public string Name => $"{MlNetAlgorithms.Family}:{Algorithm.Name}";

    /// <summary>Why training on <paramref name="set"/> cannot start from <paramref name="parent"/>, or null when it can.</summary>
    /// <remarks>ML.NET continues from parameters by position, so the feature space must be identical: same columns and
    /// classes. A refit transform may order the same columns differently; the candidate then sees them in the parent's
    /// order (its predictor maps between the two).</remarks>
    public string? WarmStartProblem(IPredictor parent, TrainingSet set)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(set);
        if (!Algorithm.CanWarmStart)
        {
            return $"ML.NET's {Algorithm.Name} cannot continue from a parent model (only its L-BFGS trainers can)";
        }

        if (parent is not MlNetPredictor previous || previous.Algorithm != Algorithm.Name)
        {
            return $"the production version was not trained by ML.NET's {Algorithm.Name}";
        }

        if (previous.Task != set.Task || previous.OutputCount != (set.Task == TaskKind.Regression ? 1 : set.ClassCount))
        {
            return "the production version predicts a different task or number of classes";
        }

        var known = previous.ModelColumnNames.ToHashSet(StringComparer.Ordinal);
        var now = set.Features.ColumnNames.ToHashSet(StringComparer.Ordinal);
        if (!known.SetEquals(now))
        {
            var added = now.Count(c => !known.Contains(c));
            var removed = known.Count(c => !now.Contains(c));
            return $"the feature space changed ({added} columns added, {removed} removed); ML.NET continues from parameters by column, so it needs the same columns";
        }

        return previous.LinearParameters() is null ? "the production model has no linear parameters to start from" : null;
    }

    /// <summary>Trains, from <paramref name="parent"/>'s parameters when given (check <see cref="WarmStartProblem"/> first).</summary>
    /// <exception cref="ArgumentException">The set's task is not one the algorithm trains, or the parent is incompatible.</exception>
    /// <exception cref="OperationCanceledException">Cancelled. ML.NET has no public cancellation: the token is checked on
    /// every pass over the data (each L-BFGS/SDCA iteration); tree trainers copy the data once and then finish.</exception>
    public MlNetTrainingResult Train(TrainingSet set, IPredictor? parent = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (!Algorithm.Tasks.Contains(set.Task))
        {
            throw new ArgumentException($"ML.NET's {Algorithm.Name} cannot train a {set.Task} set.", nameof(set));
        }

        if (parent is not null && WarmStartProblem(parent, set) is { } problem)
        {
            throw new ArgumentException($"Cannot warm-start: {problem}.", nameof(parent));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var ml = new MLContext(seed: 0);
        var initial = (parent as MlNetPredictor)?.LinearParameters();
        var modelColumns = initial is null ? set.Features.ColumnNames : ((MlNetPredictor)parent!).ModelColumnNames;
        var data = MlNetRows.Load(ml, MlNetRows.Reorder(set, modelColumns), cancellationToken);
        var weight = set.Weights is null ? null : MlNetRows.Weight;
        ITransformer model;
        try
        {
            model = Fit(ml, data, set.Task, weight, initial);
        }
        catch (Exception exception) when (cancellationToken.IsCancellationRequested && exception is not OperationCanceledException)
        {
            throw new OperationCanceledException("ML.NET training was cancelled.", exception, cancellationToken);
        }

        var outputs = set.Task == TaskKind.Regression ? 1 : set.ClassCount;
        var predictor = MlNetPredictor.Create(Algorithm.Name, set.Task, outputs, set.Features.ColumnNames, modelColumns, ml, model);
        var iterations = Algorithm.IsLinear ? 0 : (int)(Spec.Value(Algorithm.Name == MlNetAlgorithms.FastTree ? "numberOfTrees" : "numberOfIterations") ?? 0);
        var loss = TrainingLoss(predictor, set, cancellationToken);
        progress?.Report(new TrainingProgress(Math.Max(iterations, 1), loss));
        return new MlNetTrainingResult(predictor, initial is not null, iterations, loss);
    }

    private ITransformer Fit(MLContext ml, IDataView data, TaskKind task, string? weight, object? initial)
    {
        const string label = MlNetRows.Label;
        const string features = MlNetRows.Features;
        float? Single(string option) => Spec.Value(option) is { } value ? (float)value : null;
        int? Whole(string option) => Spec.Value(option) is { } value ? (int)value : null;
        switch (Algorithm.Name, task)
        {
            case (MlNetAlgorithms.LbfgsLogisticRegression, _):
            {
                var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = features,
                    ExampleWeightColumnName = weight,
                    L1Regularization = Single("l1Regularization")!.Value,
                    L2Regularization = Single("l2Regularization")!.Value,
                    OptimizationTolerance = Single("optimizationTolerance")!.Value,
                    HistorySize = Whole("historySize")!.Value,
                    MaximumNumberOfIterations = Whole("maximumIterations")!.Value,
                });
                return initial is LinearModelParameters start ? trainer.Fit(data, start) : trainer.Fit(data);
            }

            case (MlNetAlgorithms.LbfgsMaximumEntropy, _):
            {
                var trainer = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = features,
                    ExampleWeightColumnName = weight,
                    L1Regularization = Single("l1Regularization")!.Value,
                    L2Regularization = Single("l2Regularization")!.Value,
                    OptimizationTolerance = Single("optimizationTolerance")!.Value,
                    HistorySize = Whole("historySize")!.Value,
                    MaximumNumberOfIterations = Whole("maximumIterations")!.Value,
                });
                return initial is MaximumEntropyModelParameters start ? trainer.Fit(data, start) : trainer.Fit(data);
            }

            case (MlNetAlgorithms.SdcaLogisticRegression, _):
                return ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = features,
                    ExampleWeightColumnName = weight,
                    L1Regularization = Single("l1Regularization"),
                    L2Regularization = Single("l2Regularization"),
                    MaximumNumberOfIterations = Whole("maximumIterations"),
                    ConvergenceTolerance = Single("convergenceTolerance") ?? new SdcaLogisticRegressionBinaryTrainer.Options().ConvergenceTolerance,
                    // One thread: SDCA's multi-threaded updates are not reproducible.
                    NumberOfThreads = 1,
                }).Fit(data);

            case (MlNetAlgorithms.Sdca, _):
                return ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = features,
                    ExampleWeightColumnName = weight,
                    L1Regularization = Single("l1Regularization"),
                    L2Regularization = Single("l2Regularization"),
                    MaximumNumberOfIterations = Whole("maximumIterations"),
                    ConvergenceTolerance = Single("convergenceTolerance") ?? new SdcaRegressionTrainer.Options().ConvergenceTolerance,
                    NumberOfThreads = 1,
                }).Fit(data);

            case (MlNetAlgorithms.FastTree, TaskKind.BinaryClassification):
                return ml.BinaryClassification.Trainers.FastTree(Trees(new FastTreeBinaryTrainer.Options(), weight)).Fit(data);

            case (MlNetAlgorithms.FastTree, _):
                return ml.Regression.Trainers.FastTree(Trees(new FastTreeRegressionTrainer.Options(), weight)).Fit(data);

            case (MlNetAlgorithms.LightGbm, TaskKind.BinaryClassification):
            {
                var (iterations, leaves, minLeaf, rate, bins, l2, seed) = LightGbmValues();
                return ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = features,
                    ExampleWeightColumnName = weight,
                    NumberOfIterations = iterations,
                    NumberOfLeaves = leaves,
                    MinimumExampleCountPerLeaf = minLeaf,
                    LearningRate = rate,
                    MaximumBinCountPerFeature = bins,
                    Seed = seed,
                    Booster = new GradientBooster.Options { L2Regularization = l2 },
                    // ML.NET's default sigmoid is 0.5 (probability = σ(0.5·score)); LightGBM's own is 1.
                    Sigmoid = 1,
                }).Fit(data);
            }

            case (MlNetAlgorithms.LightGbm, TaskKind.MulticlassClassification):
            {
                var (iterations, leaves, minLeaf, rate, bins, l2, seed) = LightGbmValues();
                return ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = features,
                    ExampleWeightColumnName = weight,
                    NumberOfIterations = iterations,
                    NumberOfLeaves = leaves,
                    MinimumExampleCountPerLeaf = minLeaf,
                    LearningRate = rate,
                    MaximumBinCountPerFeature = bins,
                    Seed = seed,
                    Booster = new GradientBooster.Options { L2Regularization = l2 },
                    // Probabilities that sum to one (ML.NET may otherwise pick one-vs-all sigmoids).
                    UseSoftmax = true,
                }).Fit(data);
            }

            case (MlNetAlgorithms.LightGbm, _):
            {
                var (iterations, leaves, minLeaf, rate, bins, l2, seed) = LightGbmValues();
                return ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = features,
                    ExampleWeightColumnName = weight,
                    NumberOfIterations = iterations,
                    NumberOfLeaves = leaves,
                    MinimumExampleCountPerLeaf = minLeaf,
                    LearningRate = rate,
                    MaximumBinCountPerFeature = bins,
                    Seed = seed,
                    Booster = new GradientBooster.Options { L2Regularization = l2 },
                }).Fit(data);
            }

            default:
                throw new ArgumentException($"ML.NET's {Algorithm.Name} cannot train a {task} set.", nameof(task));
        }
    }

    private TOptions Trees<TOptions>(TOptions options, string? weight)
        where TOptions : BoostedTreeOptions
    {
        options.LabelColumnName = MlNetRows.Label;
        options.FeatureColumnName = MlNetRows.Features;
        options.ExampleWeightColumnName = weight;
        options.NumberOfTrees = (int)Spec.Value("numberOfTrees")!.Value;
        options.NumberOfLeaves = (int)Spec.Value("numberOfLeaves")!.Value;
        options.MinimumExampleCountPerLeaf = (int)Spec.Value("minimumExampleCountPerLeaf")!.Value;
        options.LearningRate = Spec.Value("learningRate")!.Value;
        options.MaximumBinCountPerFeature = (int)Spec.Value("maximumBinCountPerFeature")!.Value;
        return options;
    }

    private (int Iterations, int Leaves, int MinLeaf, double Rate, int Bins, double L2, int Seed) LightGbmValues() => (
        (int)Spec.Value("numberOfIterations")!.Value,
        (int)Spec.Value("numberOfLeaves")!.Value,
        (int)Spec.Value("minimumExampleCountPerLeaf")!.Value,
        Spec.Value("learningRate")!.Value,
        (int)Spec.Value("maximumBinCountPerFeature")!.Value,
        Spec.Value("l2Regularization")!.Value,
        (int)Spec.Value("seed")!.Value);

    private static double TrainingLoss(MlNetPredictor predictor, TrainingSet set, CancellationToken cancellationToken)
    {
        var output = new double[predictor.OutputCount];
        double sum = 0, weights = 0;
        for (var row = 0; row < set.RowCount; row++)
        {
            if ((row & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            predictor.Predict(set.Features.RowIndices(row), set.Features.RowValues(row), output);
            var w = set.Weights?[row] ?? 1f;
            var loss = set.Task == TaskKind.Regression
                ? Math.Pow(output[0] - set.Labels[row], 2)
                : -Math.Log(Math.Max(output[(int)set.Labels[row]], 1e-15));
            sum += w * loss;
            weights += w;
        }

        return weights > 0 ? sum / weights : 0;
    }
}
