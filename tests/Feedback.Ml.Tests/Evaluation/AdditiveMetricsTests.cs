using Feedback.Ml.Evaluation;
using Feedback.Ml.Training;

namespace Feedback.Ml.Tests.Evaluation;

public sealed class AdditiveMetricsTests
{
    private static readonly BootstrapOptions NoBootstrap = new(0);

    [Theory]
    [InlineData("multiclassWeighted")]
    [InlineData("multiclassUnweighted")]
    public void Evaluate_Multiclass_MatchesScikitLearn(string fixture)
    {
        var expected = SklearnFixture.Case("multiclass", fixture);
        var k = expected.GetProperty("classCount").GetInt32();
        var data = new EvaluationData(expected.Doubles("labels"), expected.OptionalDoubles("weights"));
        var config = new EvaluationConfig(TaskKind.MulticlassClassification, bootstrap: NoBootstrap);

        var overall = new ModelEvaluator(config)
            .Evaluate(data, ModelPredictions.Multiclass("m", expected.Doubles("probabilities"), k)).Candidate.Overall;

        overall.Metric(MetricNames.Accuracy).ShouldBe(expected.Number("accuracy"), 1e-9);
        overall.Metric(MetricNames.MacroF1).ShouldBe(expected.Number("macroF1"), 1e-9);
        overall.Metric(MetricNames.MicroF1).ShouldBe(expected.Number("microF1"), 1e-9);
        overall.Metric(MetricNames.LogLoss).ShouldBe(expected.Number("logLoss"), 1e-9);
        var details = overall.Multiclass!;
        details.Precision.ToArray().ShouldBe(expected.Doubles("precision"), 1e-9);
        details.Recall.ToArray().ShouldBe(expected.Doubles("recall"), 1e-9);
        var matrix = expected.GetProperty("confusionMatrix").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetDouble()).ToArray()).ToArray();
        for (var t = 0; t < k; t++)
        {
            details.ConfusionMatrix[t].ToArray().ShouldBe(matrix[t], 1e-9);
        }
    }

    [Fact]
    public void Evaluate_MulticlassMacroF1_SkipsClassesAbsentFromLabelsAndPredictions()
    {
        // Class 2 never occurs: macro F1 averages classes 0 and 1 only (F1 = 1 and 2/3... see below).
        double[] probabilities = [0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.6, 0.3, 0.1];
        var config = new EvaluationConfig(TaskKind.MulticlassClassification, bootstrap: NoBootstrap);

        var overall = new ModelEvaluator(config)
            .Evaluate(new EvaluationData([0, 1, 1]), ModelPredictions.Multiclass("m", probabilities, 3)).Candidate.Overall;

        // Class 0: P = 1/2, R = 1, F1 = 2/3. Class 1: P = 1, R = 1/2, F1 = 2/3.
        overall.Metric(MetricNames.MacroF1).ShouldBe(2.0 / 3, 1e-15);
        overall.Metric(MetricNames.Accuracy).ShouldBe(2.0 / 3, 1e-15);
    }

    [Theory]
    [InlineData("regressionWeighted")]
    [InlineData("regressionUnweighted")]
    public void Evaluate_Regression_MatchesScikitLearn(string fixture)
    {
        var expected = SklearnFixture.Case("regression", fixture);
        var data = new EvaluationData(expected.Doubles("labels"), expected.OptionalDoubles("weights"));
        var config = new EvaluationConfig(TaskKind.Regression, bootstrap: NoBootstrap);

        var overall = new ModelEvaluator(config).Evaluate(data, ModelPredictions.Regression("m", expected.Doubles("predictions"))).Candidate.Overall;

        overall.Metric(MetricNames.MeanAbsoluteError).ShouldBe(expected.Number("meanAbsoluteError"), 1e-9);
        overall.Metric(MetricNames.RootMeanSquaredError).ShouldBe(expected.Number("rootMeanSquaredError"), 1e-9);
        overall.Metric(MetricNames.R2).ShouldBe(expected.Number("r2"), 1e-9);
        overall.Metric(MetricNames.MeanAbsolutePercentageError).ShouldBe(expected.Number("meanAbsolutePercentageError"), 1e-9);
        overall.Metric(MetricNames.ZeroLabelCount).ShouldBe(0);
    }

    [Fact]
    public void Evaluate_RegressionMape_SkipsAndCountsZeroLabels()
    {
        var config = new EvaluationConfig(TaskKind.Regression, bootstrap: NoBootstrap);

        var overall = new ModelEvaluator(config)
            .Evaluate(new EvaluationData([0, 2, 4]), ModelPredictions.Regression("m", [1, 3, 3])).Candidate.Overall;

        // |3−2|/2 and |3−4|/4 only; the zero label still counts in MAE.
        overall.Metric(MetricNames.MeanAbsolutePercentageError).ShouldBe((0.5 + 0.25) / 2, 1e-15);
        overall.Metric(MetricNames.ZeroLabelCount).ShouldBe(1);
        overall.Metric(MetricNames.MeanAbsoluteError).ShouldBe(1.0, 1e-15);
    }

    [Fact]
    public void Evaluate_RegressionR2_IsUndefinedForConstantLabels()
    {
        var config = new EvaluationConfig(TaskKind.Regression, bootstrap: NoBootstrap);

        var overall = new ModelEvaluator(config)
            .Evaluate(new EvaluationData([3, 3]), ModelPredictions.Regression("m", [1, 3])).Candidate.Overall;

        overall.Metrics[MetricNames.R2].Value.ShouldBeNull();
        overall.Metric(MetricNames.RootMeanSquaredError).ShouldBe(Math.Sqrt(2), 1e-15);
    }
}
