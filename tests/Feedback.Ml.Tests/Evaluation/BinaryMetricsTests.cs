using Feedback.Ml.Evaluation;

namespace Feedback.Ml.Tests.Evaluation;

public sealed class BinaryMetricsTests
{
    // Hand-worked: sorted groups 0.9 {1,0}, 0.6 {1}, 0.4 {0,1}, 0.1 {0}; P = N = 3.
    private static readonly double[] HandLabels = [1, 0, 1, 0, 1, 0];
    private static readonly double[] HandScores = [0.9, 0.9, 0.6, 0.4, 0.4, 0.1];

    private static SliceMetrics EvaluateHandCase() =>
        new ModelEvaluator(EvaluationTestData.Binary()).Evaluate(new EvaluationData(HandLabels), ModelPredictions.Binary("m", HandScores)).Candidate.Overall;

    [Fact]
    public void Evaluate_AucCountsTiesAsHalf_HandWorked()
    {
        // Pairs: pos 0.9 beats 0.4, 0.1 and ties 0.9 (2.5); pos 0.6 beats 2 (2); pos 0.4 ties 0.4, beats 0.1 (1.5): 6/9.
        EvaluateHandCase().Metric(MetricNames.Auc).ShouldBe(6.0 / 9, 1e-15);
    }

    [Fact]
    public void Evaluate_AveragePrecisionStepsAtTieGroups_HandWorked()
    {
        // Recall steps of 1/3 at precisions 1/2, 2/3, 3/5.
        EvaluateHandCase().Metric(MetricNames.AucPr).ShouldBe(((1.0 / 2) + (2.0 / 3) + (3.0 / 5)) / 3, 1e-15);
    }

    [Fact]
    public void Evaluate_ThresholdMetricsUseStrictlyGreater_HandWorked()
    {
        var overall = EvaluateHandCase();

        // Positive when score > 0.5: the two 0.9s and the 0.6.
        overall.Metric(MetricNames.TruePositives).ShouldBe(2);
        overall.Metric(MetricNames.FalsePositives).ShouldBe(1);
        overall.Metric(MetricNames.TrueNegatives).ShouldBe(2);
        overall.Metric(MetricNames.FalseNegatives).ShouldBe(1);
        overall.Metric(MetricNames.Accuracy).ShouldBe(4.0 / 6, 1e-15);
        overall.Metric(MetricNames.Precision).ShouldBe(2.0 / 3, 1e-15);
        overall.Metric(MetricNames.Recall).ShouldBe(2.0 / 3, 1e-15);
        overall.Metric(MetricNames.F1).ShouldBe(2.0 / 3, 1e-15);
    }

    [Fact]
    public void Evaluate_LossesAndMeans_HandWorked()
    {
        var overall = EvaluateHandCase();

        var expectedLogLoss = -(Math.Log(0.9) + Math.Log(0.1) + Math.Log(0.6) + Math.Log(0.6) + Math.Log(0.4) + Math.Log(0.9)) / 6;
        overall.Metric(MetricNames.LogLoss).ShouldBe(expectedLogLoss, 1e-14);
        overall.Metric(MetricNames.BrierScore).ShouldBe((0.01 + 0.81 + 0.16 + 0.16 + 0.36 + 0.01) / 6, 1e-14);
        overall.Metric(MetricNames.MeanLabel).ShouldBe(0.5, 1e-15);
        overall.Metric(MetricNames.MeanPrediction).ShouldBe(3.3 / 6, 1e-14);
        overall.Metric(MetricNames.ExampleCount).ShouldBe(6);
        overall.Metric(MetricNames.WeightedExampleCount).ShouldBe(6);
    }

    [Fact]
    public void Evaluate_ExpectedCalibrationErrorWeighsBinsBySize_HandWorked()
    {
        var overall = EvaluateHandCase();

        // Bins 9: |0.9 − 0.5|·2, 6: |0.6 − 1|·1, 4: |0.4 − 0.5|·2, 1: |0.1 − 0|·1, over 6 examples.
        overall.Metric(MetricNames.ExpectedCalibrationError).ShouldBe(1.5 / 6, 1e-14);
        var bins = overall.Plots!.Calibration;
        bins.Count.ShouldBe(10);
        bins[9].ExampleCount.ShouldBe(2);
        bins[9].MeanLabel!.Value.ShouldBe(0.5, 1e-15);
        bins[0].MeanPrediction.ShouldBeNull();
    }

    [Fact]
    public void Evaluate_ConfusionMatricesAtFairnessThresholds_HandWorked()
    {
        var matrices = EvaluateHandCase().Plots!.ConfusionMatrices;

        var at025 = matrices.Single(m => m.Threshold == 0.25);
        (at025.TruePositives, at025.FalsePositives, at025.TrueNegatives, at025.FalseNegatives).ShouldBe((3.0, 2.0, 1.0, 0.0));
        var at075 = matrices.Single(m => m.Threshold == 0.75);
        (at075.TruePositives, at075.FalsePositives, at075.TrueNegatives, at075.FalseNegatives).ShouldBe((1.0, 1.0, 2.0, 2.0));
    }

    [Fact]
    public void Evaluate_AucIsUndefined_WhenSliceHasOneClass()
    {
        var overall = new ModelEvaluator(EvaluationTestData.Binary())
            .Evaluate(new EvaluationData([1, 1, 1]), ModelPredictions.Binary("m", [0.2, 0.5, 0.9])).Candidate.Overall;

        overall.Metrics[MetricNames.Auc].Value.ShouldBeNull();
        overall.Metric(MetricNames.AucPr).ShouldBe(1.0, 1e-15);
        overall.Metric(MetricNames.Recall).ShouldBe(1.0 / 3, 1e-15, "0.5 is not above the 0.5 decision threshold");
    }

    [Theory]
    [InlineData("binaryTiesWeighted")]
    [InlineData("binaryContinuous")]
    [InlineData("binaryTiesUnweighted")]
    public void Evaluate_MatchesScikitLearn(string fixture)
    {
        var expected = SklearnFixture.Case("binary", fixture);
        var data = new EvaluationData(expected.Doubles("labels"), expected.OptionalDoubles("weights"));

        var overall = new ModelEvaluator(EvaluationTestData.Binary())
            .Evaluate(data, ModelPredictions.Binary("m", expected.Doubles("predictions"))).Candidate.Overall;

        overall.Metric(MetricNames.Auc).ShouldBe(expected.Number("rocAuc"), 1e-9);
        overall.Metric(MetricNames.AucPr).ShouldBe(expected.Number("averagePrecision"), 1e-9);
        overall.Metric(MetricNames.LogLoss).ShouldBe(expected.Number("logLoss"), 1e-9);
        overall.Metric(MetricNames.BrierScore).ShouldBe(expected.Number("brier"), 1e-9);
        overall.Metric(MetricNames.Accuracy).ShouldBe(expected.Number("accuracy"), 1e-9);
        overall.Metric(MetricNames.Precision).ShouldBe(expected.Number("precision"), 1e-9);
        overall.Metric(MetricNames.Recall).ShouldBe(expected.Number("recall"), 1e-9);
        overall.Metric(MetricNames.F1).ShouldBe(expected.Number("f1"), 1e-9);
        foreach (var matrix in overall.Plots!.ConfusionMatrices)
        {
            var sk = expected.GetProperty("confusion").GetProperty(matrix.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture));
            matrix.TruePositives.ShouldBe(sk.Number("tp"), 1e-9);
            matrix.FalsePositives.ShouldBe(sk.Number("fp"), 1e-9);
            matrix.TrueNegatives.ShouldBe(sk.Number("tn"), 1e-9);
            matrix.FalseNegatives.ShouldBe(sk.Number("fn"), 1e-9);
        }
    }

    [Fact]
    public void Evaluate_CurvesAreThinnedAndSpanTheUnitSquare()
    {
        var (data, scores) = EvaluationTestData.SyntheticBinary(2_000, seed: 3);

        var overall = new ModelEvaluator(EvaluationTestData.Binary(maxCurvePoints: 12))
            .Evaluate(data, ModelPredictions.Binary("m", scores)).Candidate.Overall;

        var roc = overall.Plots!.Roc;
        roc.Count.ShouldBeLessThanOrEqualTo(12);
        roc.Count.ShouldBeGreaterThan(5, "thinning keeps a usable curve");
        (roc[0].FalsePositiveRate, roc[0].TruePositiveRate).ShouldBe((0.0, 0.0));
        (roc[^1].FalsePositiveRate, roc[^1].TruePositiveRate).ShouldBe((1.0, 1.0));
        roc.Zip(roc.Skip(1)).ShouldAllBe(p => p.First.FalsePositiveRate <= p.Second.FalsePositiveRate && p.First.TruePositiveRate <= p.Second.TruePositiveRate);
        overall.Plots.PrecisionRecall[^1].Recall.ShouldBe(1.0);
    }

    [Fact]
    public void Binary_PredictionOutsideUnitInterval_Throws() =>
        Should.Throw<ArgumentException>(() => ModelPredictions.Binary("m", [0.5, 1.5])).Message.ShouldContain("example 1");

    [Fact]
    public void Evaluate_LabelThatIsNotZeroOrOne_Throws() =>
        Should.Throw<ArgumentException>(() => new ModelEvaluator(EvaluationTestData.Binary())
            .Evaluate(new EvaluationData([0, 2]), ModelPredictions.Binary("m", [0.1, 0.2]))).Message.ShouldContain("0 or 1");
}
