namespace Feedback.Ml.Training.Trees;

/// <summary>Trains histogram-based gradient-boosted decision trees (binary log-loss, multiclass softmax or squared
/// error, chosen by <see cref="TrainingSet.Task"/>), cold or warm-started from a parent ensemble.</summary>
/// <remarks>
/// Each column is binned once into at most <see cref="GradientBoostedTreesOptions.MaxBins"/> quantile bins; trees grow
/// leaf-wise on gradient/hessian histograms (the larger child's histogram is the parent's minus the smaller child's),
/// built in parallel across features. The same data, options and seed give a bit-identical model on any core count.
/// </remarks>
public sealed class GradientBoostedTreesTrainer
{
    /// <summary>Creates a trainer with <paramref name="options"/>, or the defaults.</summary>
    public GradientBoostedTreesTrainer(GradientBoostedTreesOptions? options = null) => Options = options ?? new GradientBoostedTreesOptions();

    /// <summary>The (already validated) settings.</summary>
    public GradientBoostedTreesOptions Options { get; }

    /// <summary>Trains a new ensemble from the base score.</summary>
    /// <param name="data">The training set.</param>
    /// <param name="progress">Receives one report per round (training loss, and validation loss with early stopping).</param>
    /// <param name="cancellationToken">Checked every round and inside tree growth.</param>
    /// <exception cref="ArgumentException">A feature value that is not finite, a column index out of range, or all-zero weights.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public TreeEnsemblePredictor Fit(TrainingSet data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new BoostingRun(Options, data, null, progress, cancellationToken).Run();
    }

    /// <summary>Continues boosting from <paramref name="parent"/>: its trees are kept (remapped to the new columns by
    /// name) and <see cref="GradientBoostedTreesOptions.Rounds"/> new rounds are fitted to <paramref name="data"/>,
    /// starting from the parent's raw scores. Call <see cref="CheckWarmStart"/> first to fall back to <see cref="Fit(TrainingSet, IProgress{TrainingProgress}?, CancellationToken)"/>.</summary>
    /// <param name="data">The new training set.</param>
    /// <param name="parent">The ensemble to continue.</param>
    /// <param name="progress">Receives one report per new round.</param>
    /// <param name="cancellationToken">Checked every round and inside tree growth.</param>
    /// <exception cref="ArgumentException">The parent is incompatible (the message gives <see cref="WarmStartCheck.Reason"/>),
    /// or the data is invalid as for the cold <c>Fit</c>.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public TreeEnsemblePredictor Fit(TrainingSet data, TreeEnsemblePredictor parent, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(parent);
        var check = WarmStartCheck.Evaluate(data, parent);
        if (!check.IsCompatible)
        {
            throw new ArgumentException($"Cannot warm-start from this parent: {check.Reason}", nameof(parent));
        }

        var remapped = Array.ConvertAll(parent.Trees, tree => tree.RemapColumns(check.ColumnMap!));
        var start = new TreeEnsemblePredictor(parent.Task, parent.ClassCount, [.. data.Features.ColumnNames], parent.BaseScores, remapped);
        return new BoostingRun(Options, data, start, progress, cancellationToken).Run();
    }

    /// <summary>Whether <paramref name="parent"/> can be continued on <paramref name="data"/>; see <see cref="WarmStartCheck"/> for the rule.</summary>
    public static WarmStartCheck CheckWarmStart(TrainingSet data, TreeEnsemblePredictor parent) => WarmStartCheck.Evaluate(data, parent);
}
