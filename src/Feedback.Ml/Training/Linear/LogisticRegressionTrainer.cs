namespace Feedback.Ml.Training.Linear;

/// <summary>Trains binary (sigmoid) and multinomial (softmax) logistic regression with L-BFGS, optionally continuing
/// from a parent model (warm start). Deterministic: the same data and options give bit-identical weights.</summary>
/// <remarks>See <see cref="LogisticRegressionOptions"/> for the objective and its relation to scikit-learn's C.</remarks>
public sealed class LogisticRegressionTrainer
{
    /// <summary>The trainer name recorded in model metadata.</summary>
    public const string Name = "logistic-regression";

    /// <summary>Creates a trainer with default options.</summary>
    public LogisticRegressionTrainer()
        : this(new LogisticRegressionOptions())
    {
    }

    /// <summary>Creates a trainer.</summary>
    public LogisticRegressionTrainer(LogisticRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The hyper-parameters.</summary>
    public LogisticRegressionOptions Options { get; }

    /// <summary>Trains from zero weights.</summary>
    /// <exception cref="ArgumentException">The set is a regression set.</exception>
    public LinearPredictor Fit(TrainingSet train, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Train(train, null, null, progress, cancellationToken).Predictor;

    /// <summary>Trains starting from <paramref name="initialModel"/>'s weights, mapped onto the new columns by name.</summary>
    /// <exception cref="ArgumentException">The parent is incompatible (see <see cref="WarmStartCompatibility.Check"/>; check first to cold-start instead).</exception>
    public LinearPredictor Fit(TrainingSet train, IPredictor initialModel, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initialModel);
        return Train(train, null, initialModel, progress, cancellationToken).Predictor;
    }

    /// <summary>Trains and reports iterations and objectives; the general form of the <c>Fit</c> overloads.</summary>
    /// <param name="train">The training set (binary or multiclass).</param>
    /// <param name="validation">Optional held-out set: its mean log-loss is reported with each iteration's progress.</param>
    /// <param name="initialModel">Optional parent to warm-start from; it must pass <see cref="WarmStartCompatibility.Check"/>.</param>
    /// <param name="progress">Receives one report per iteration.</param>
    /// <param name="cancellationToken">Checked every iteration and inside each gradient pass.</param>
    public LinearTrainingResult Train(
        TrainingSet train,
        TrainingSet? validation = null,
        IPredictor? initialModel = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Task == TaskKind.Regression)
        {
            throw new ArgumentException("Logistic regression needs a classification set; this one is Regression.", nameof(train));
        }

        if (validation is not null && (validation.Task != train.Task || validation.ClassCount != train.ClassCount || validation.Features.ColumnCount != train.Features.ColumnCount))
        {
            throw new ArgumentException("The validation set must have the training set's task, classes and columns.", nameof(validation));
        }

        var objective = new LogisticObjective(train, Options);
        var theta = new double[objective.ParameterCount];
        if (initialModel is not null)
        {
            var check = WarmStartCompatibility.Check(initialModel, train);
            if (!check.IsCompatible)
            {
                throw new ArgumentException($"Cannot warm-start: {check.Reason}", nameof(initialModel));
            }

            CopyParentWeights((LinearPredictor)initialModel, train, theta);
        }

        var columnNames = train.Features.ColumnNames;
        var scratch = new double[theta.Length];
        var initialObjective = objective.Evaluate(theta, scratch, cancellationToken);
        var optimizer = new Lbfgs
        {
            Memory = Options.Memory,
            MaxIterations = Options.MaxIterations,
            GradientTolerance = Options.GradientTolerance,
            FunctionTolerance = Options.FunctionTolerance,
        };
        var (iterations, converged, finalObjective) = optimizer.Minimize(
            (x, gradient) => objective.Evaluate(x, gradient, cancellationToken),
            theta,
            (iteration, loss, x) =>
            {
                if (progress is null)
                {
                    return;
                }

                double? validationLoss = validation is null
                    ? null
                    : MeanLogLoss(new LinearPredictor(train.Task, train.ClassCount, columnNames, (double[])x.Clone()), validation);
                progress.Report(new TrainingProgress(iteration, loss, validationLoss));
            },
            cancellationToken);

        var predictor = new LinearPredictor(train.Task, train.ClassCount, columnNames, theta);
        return new LinearTrainingResult(predictor, iterations, converged, initialObjective, finalObjective, initialModel is not null);
    }

    /// <summary>Weighted mean log-loss (no penalty) of a predictor on a labelled set.</summary>
    public static double MeanLogLoss(IPredictor predictor, TrainingSet data)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(data);
        var k = predictor.OutputCount;
        var losses = new double[data.RowCount];
        Parallel.For(0, data.RowCount, () => new double[k], (row, _, output) =>
        {
            predictor.Predict(data.Features.RowIndices(row), data.Features.RowValues(row), output);
            losses[row] = -Math.Log(Math.Max(output[(int)data.Labels[row]], 1e-300)) * (data.Weights?[row] ?? 1f);
            return output;
        }, _ => { });
        var total = 0.0;
        foreach (var loss in losses)
        {
            total += loss;
        }

        return total / (data.Weights?.Sum(w => (double)w) ?? data.RowCount);
    }

    private static void CopyParentWeights(LinearPredictor parent, TrainingSet train, double[] theta)
    {
        var k = parent.WeightVectorCount;
        var map = WarmStartCompatibility.ColumnMap(parent.ColumnNames, train.Features.ColumnNames);
        var source = parent.Parameters;
        for (var j = 0; j < map.Length; j++)
        {
            if (map[j] >= 0)
            {
                source.Slice(map[j] * k, k).CopyTo(theta.AsSpan(j * k, k));
            }
        }

        source.Slice(parent.ColumnNames.Count * k, k).CopyTo(theta.AsSpan(map.Length * k, k));
    }
}
