using System.Diagnostics;
using Feedback.Core.Models;
using Feedback.Ml.Bundles;
using Feedback.Ml.Data;
using Feedback.Ml.Evaluation;
using Feedback.Ml.Training.Linear;
using Feedback.Ml.Transforms;
using Feedback.Pipeline.Data;

namespace Feedback.Bench.Pipeline;

/// <summary>Seconds of each part of the ML work alone, and the bundle it produced (the next run's parent).</summary>
/// <remarks><see cref="Tables"/> is how long building the train and eval tables from the snapshot took: not part of the
/// baseline, but the pipeline's Transform, Trainer and Evaluator steps each do it.</remarks>
internal sealed record MlTimes(double Transform, double Train, double Evaluate, int Iterations, ModelBundle Bundle, double Tables = 0)
{
    public double Total => Transform + Train + Evaluate;
}

/// <summary>The baseline: the work the Transform, Trainer and Evaluator steps exist to do, on the same examples as a
/// run's snapshot, already in memory as tables. Fit the transform on the training split, apply it and train logistic
/// regression (warm-started from the previous baseline's model, as the run is), score the eval split and evaluate it
/// with the model's own evaluation config (against the parent, as the run does). No database, no artifacts, no
/// serialisation; statistics, schema and validation are left out because they are not part of "training".</summary>
internal static class MlBaseline
{
    /// <summary>Each part's median over several fits (the machine is shared and noisy; the median neither favours the
    /// baseline like a best-of would nor lets one stall decide). The bundle is the first fit's.</summary>
    public static MlTimes Median(IReadOnlyList<MlTimes> runs)
    {
        double Mid(Func<MlTimes, double> part) => runs.Select(part).Order().ElementAt(runs.Count / 2);
        return new MlTimes(Mid(r => r.Transform), Mid(r => r.Train), Mid(r => r.Evaluate), runs[0].Iterations, runs[0].Bundle, Mid(r => r.Tables));
    }

    public static MlTimes Run(Snapshot snapshot, ModelDefinition definition, ModelBundle? parent)
    {
        // Building the tables is the "in-memory TabularData" the baseline starts from: not part of it, but reported.
        var watch = Stopwatch.StartNew();
        var train = snapshot.ToTable(Snapshot.Train, definition);
        var eval = snapshot.ToTable(Snapshot.Eval, definition);
        var tablesSeconds = watch.Elapsed.TotalSeconds;

        watch.Restart();
        var transform = new FeatureTransformEstimator().Fit(train);
        var transformSeconds = watch.Elapsed.TotalSeconds;

        watch.Restart();
        var set = train.ToTrainingSet(transform.Apply(train));
        var warm = parent is not null && WarmStartCompatibility.Check(parent.Predictor, set, parentClasses: parent.Metadata.LabelClasses, trainClasses: definition.LabelClasses).IsCompatible;
        var result = new LogisticRegressionTrainer(new LogisticRegressionOptions()).Train(set, null, warm ? parent!.Predictor : null);
        var bundle = new ModelBundle(transform, result.Predictor, new ModelMetadata { TrainerName = "logistic-regression", TrainingRows = set.RowCount, LabelClasses = definition.LabelClasses });
        var trainSeconds = watch.Elapsed.TotalSeconds;

        watch.Restart();
        var config = definition.Evaluation.Config;
        var data = new EvaluationData(
            eval.Labels!,
            eval.Weights?.Select(w => (double)w).ToArray(),
            config.Slices.SelectMany(s => s.FeatureKeys).Distinct(StringComparer.Ordinal).Select(name => SliceColumn.FromStrings(name, Categories(eval, name))).ToList());
        new ModelEvaluator(config).Evaluate(data, Scores("candidate", bundle, eval), parent is null ? null : Scores("baseline", parent, eval));
        var evaluateSeconds = watch.Elapsed.TotalSeconds;
        return new MlTimes(transformSeconds, trainSeconds, evaluateSeconds, result.Iterations, bundle, tablesSeconds);
    }

    private static ModelPredictions Scores(string name, ModelBundle bundle, TabularData eval)
    {
        var scores = bundle.PredictBatch(eval);
        var positive = new double[eval.RowCount];
        for (var i = 0; i < positive.Length; i++)
        {
            positive[i] = scores[(i * 2) + 1];
        }

        return ModelPredictions.Binary(name, positive);
    }

    private static string?[] Categories(TabularData data, string name)
    {
        var column = (CategoricalColumn)data[name];
        var values = new string?[data.RowCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = column.ValueAt(i);
        }

        return values;
    }
}
