using System.Globalization;
using System.Text;
using Feedback.Core.Runs;
using Feedback.Ml.Bundles;
using Feedback.Ml.Data;
using Feedback.Ml.Evaluation;
using Feedback.Ml.Training;
using Feedback.Pipeline.Data;
using Feedback.Pipeline.Runs;

namespace Feedback.Pipeline.Steps;

/// <summary>Scores the candidate and the baseline (the production version when the run began) on the same eval split,
/// with the model's evaluation config: sliced metrics, fairness, intervals, thresholds and the blessing (SPEC §5.7).
/// A candidate that is not blessed ends the run without a push.</summary>
public sealed class EvaluatorStep : IPipelineStep
{
    public const string Candidate = "candidate";
    public const string Baseline = "baseline";

    private static readonly string[] Headline = ["auc", "accuracy", "logLoss", "f1", "macroF1", "rmse", "mae", "rootMeanSquaredError", "meanAbsoluteError", "r2"];

    public string Name => PipelineStepNames.Evaluator;

    public async Task<IReadOnlyList<RunArtifact>> InputsAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [await context.RequireAsync(ArtifactKinds.Snapshot, cancellationToken), await context.RequireAsync(ArtifactKinds.Model, cancellationToken)];
    }

    public string? CacheKey(StepContext context) =>
        (context!.Definition.Evaluation.Json ?? "default") + "|baseline=" + (context.Run.BaselineVersion?.ToString(CultureInfo.InvariantCulture) ?? "none")
        + "|blessOn=" + context.Definition.Pipeline.Recency.BlessOn
        + "|noRegressionDefault"; // results cached before the default threshold existed were blessed without it

    public async Task<StepResult> ExecuteAsync(StepContext context, IReadOnlyList<RunArtifact> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(inputs);
        var definition = context.Definition;
        var snapshot = await context.ReadAsync(inputs[0], Snapshot.FromBytes, cancellationToken);
        var candidate = await context.ReadAsync(inputs[1], LoadBundle, cancellationToken);
        var baseline = await TrainerStep.BaselineAsync(context, cancellationToken);
        var eval = snapshot.ToTable(Snapshot.Eval, definition);
        var config = definition.Evaluation.Config;
        var hashResult = Evaluate(config, eval, candidate, baseline, cancellationToken);
        await context.WriteAsync(ArtifactKinds.Evaluation, "application/json", Encoding.UTF8.GetBytes(EvaluationJson.Write(hashResult)), cancellationToken);

        // The time-based slice (the newest examples, held out of training) is reported beside the hash split and, when
        // the definition says so, decides the blessing: after a drift it is the only eval data from the new world.
        var recentTable = snapshot.Split(Snapshot.Recent).Any() ? snapshot.ToTable(Snapshot.Recent, definition) : null;
        var recentResult = recentTable is null ? null : Evaluate(config, recentTable, candidate, baseline, cancellationToken);
        if (recentResult is not null)
        {
            await context.WriteAsync(RecentEvaluationKind, "application/json", Encoding.UTF8.GetBytes(EvaluationJson.Write(recentResult)), cancellationToken);
        }

        var blessOnRecent = definition.Pipeline.Recency.BlessOn == Feedback.Core.Models.BlessingSplit.Recent && recentResult is not null;
        var result = blessOnRecent ? recentResult! : hashResult;
        var blessed = result.Validation.Blessing is not null;
        if (blessed)
        {
            await context.WriteJsonAsync(ArtifactKinds.Blessing, result.Validation.Blessing, EvaluationJson.Options, cancellationToken);
        }

        var summary = new
        {
            blessed,
            blessedOn = blessOnRecent ? Snapshot.Recent : "hash",
            baselineVersion = context.Run.BaselineVersion,
            examples = eval.RowCount,
            candidate = HeadlineMetrics(hashResult.Candidate),
            baseline = hashResult.Baseline is { } b ? HeadlineMetrics(b) : null,
            recent = recentResult is null ? null : new
            {
                examples = recentTable!.RowCount,
                blessed = recentResult.Validation.Blessing is not null,
                candidate = HeadlineMetrics(recentResult.Candidate),
                baseline = recentResult.Baseline is { } rb ? HeadlineMetrics(rb) : null,
            },
            failures = result.Validation.Failures.Select(f => new { f.Metric, slice = f.Slice.ToString(), f.ObservedValue, f.BaselineValue, f.ObservedChange, f.Threshold }),
            skipped = result.Validation.Skipped.Count,
            reason = result.Validation.Blessing?.Reason,
        };
        await context.LogAsync(blessed
            ? $"Blessed: {result.Validation.Blessing!.Reason}"
            : $"Not blessed: {string.Join("; ", result.Validation.Failures.Select(f => $"{f.Metric} on {f.Slice} = {f.ObservedValue?.ToString("G4", CultureInfo.InvariantCulture) ?? "undefined"} ({f.Threshold})"))}");
        return blessed ? StepResult.Continue(summary) : new StepResult(summary, StepFlow.EndRun, RunOutcome.NotBlessed);
    }

    /// <summary>The artifact kind of the evaluation on the recent (time-based) slice.</summary>
    public const string RecentEvaluationKind = "evaluation-recent";

    private static EvaluationResult Evaluate(EvaluationConfig config, TabularData eval, ModelBundle candidate, ModelBundle? baseline, CancellationToken cancellationToken)
    {
        var data = new EvaluationData(
            eval.Labels!,
            eval.Weights?.Select(w => (double)w).ToArray(),
            config.Slices.SelectMany(s => s.FeatureKeys).Distinct(StringComparer.Ordinal).Select(name => SliceColumn.FromStrings(name, Values(eval, name))).ToList());
        return new ModelEvaluator(config).Evaluate(
            data,
            Predictions(Candidate, candidate, eval, cancellationToken),
            baseline is null ? null : Predictions(Baseline, baseline, eval, cancellationToken),
            cancellationToken);
    }

    public static ModelBundle LoadBundle(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return ModelBundle.Load(stream);
    }

    /// <summary>The overall slice's headline metrics, by name.</summary>
    public static Dictionary<string, double?> HeadlineMetrics(ModelEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return Headline.Where(evaluation.Overall.Metrics.ContainsKey).ToDictionary(m => m, m => evaluation.Overall.Metrics[m].Value, StringComparer.Ordinal);
    }

    private static ModelPredictions Predictions(string name, ModelBundle bundle, TabularData eval, CancellationToken cancellationToken)
    {
        var scores = bundle.PredictBatch(eval, cancellationToken);
        return bundle.Predictor.Task switch
        {
            TaskKind.BinaryClassification => ModelPredictions.Binary(name, Enumerable.Range(0, eval.RowCount).Select(i => scores[(i * 2) + 1]).ToArray()),
            TaskKind.MulticlassClassification => ModelPredictions.Multiclass(name, scores, bundle.Predictor.OutputCount),
            _ => ModelPredictions.Regression(name, scores),
        };
    }

    private static string?[] Values(TabularData data, string name)
    {
        var column = data[name];
        var values = new string?[data.RowCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = column switch
            {
                CategoricalColumn c => c.ValueAt(i),
                TextColumn t => t.Values.Span[i],
                NumericColumn n => double.IsNaN(n.Values.Span[i]) ? null : n.Values.Span[i].ToString(CultureInfo.InvariantCulture),
                BooleanColumn b => b.Values.Span[i] < 0 ? null : (b.Values.Span[i] == 1 ? "true" : "false"),
                _ => null,
            };
        }

        return values;
    }
}
