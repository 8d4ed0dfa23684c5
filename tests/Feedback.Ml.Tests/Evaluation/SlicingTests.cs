using Feedback.Ml.Evaluation;

namespace Feedback.Ml.Tests.Evaluation;

public sealed class SlicingTests
{
    private static EvaluationData Data() => new(
        [1, 0, 1, 0, 1, 0, 1, 0],
        sliceColumns:
        [
            SliceColumn.FromStrings("group", ["a", "a", "a", "a", "b", "b", "b", null]),
            SliceColumn.FromNumbers("age", [20, 20, 30, 30, 20, 20, 30, 30]),
        ]);

    private static readonly double[] Scores = [0.9, 0.2, 0.4, 0.6, 0.8, 0.7, 0.3, 0.1];

    [Fact]
    public void Compute_ReportsOverallThenEachValueThenCrosses()
    {
        var config = EvaluationTestData.Binary(slices: [new(["group"]), new(["group", "age"])]);

        var slices = new ModelEvaluator(config).Evaluate(Data(), ModelPredictions.Binary("m", Scores)).Candidate.Slices;

        slices.Select(s => s.Slice.Name).ShouldBe(
            ["Overall", "group=a", "group=b", "group=a & age=20", "group=a & age=30", "group=b & age=20", "group=b & age=30"]);
        slices[2].Metric(MetricNames.ExampleCount).ShouldBe(3, "the example with a missing group is in no group slice");
        slices[6].Metric(MetricNames.ExampleCount).ShouldBe(1);
    }

    [Fact]
    public void Compute_SliceMetricsUseOnlyTheSlicesExamples()
    {
        var config = EvaluationTestData.Binary(slices: [new(["group"])]);

        var evaluation = new ModelEvaluator(config).Evaluate(Data(), ModelPredictions.Binary("m", Scores)).Candidate;

        // group=a: positives 0.9, 0.4; negatives 0.2, 0.6 → pairs won 3 of 4.
        var a = evaluation.Find(new SliceKey([new SliceFeatureValue("group", "a")]))!;
        a.Metric(MetricNames.Auc).ShouldBe(0.75, 1e-15);
        a.Metric(MetricNames.Accuracy).ShouldBe(0.5, 1e-15);
    }

    [Fact]
    public void Compute_SuppressesSlicesBelowTheMinimumSize_WithTheirCount()
    {
        var config = EvaluationTestData.Binary(slices: [new(["group", "age"])], minimumSliceSize: 2);

        var evaluation = new ModelEvaluator(config).Evaluate(Data(), ModelPredictions.Binary("m", Scores)).Candidate;

        evaluation.Slices.Select(s => s.Slice.Name).ShouldBe(["Overall", "group=a & age=20", "group=a & age=30", "group=b & age=20"]);
        evaluation.SuppressedSlices.ShouldHaveSingleItem().ShouldBe(
            new SuppressedSlice(new SliceKey([new("group", "b"), new("age", "30")]), 1));
    }

    [Fact]
    public void Compute_FairnessIndicatorsGiveRatesAndGapsToOverall()
    {
        var config = EvaluationTestData.Binary(slices: [new(["group"])]);

        var evaluation = new ModelEvaluator(config).Evaluate(Data(), ModelPredictions.Binary("m", Scores)).Candidate;

        // Overall at 0.5: positive 0.9(1), 0.6(0), 0.8(1), 0.7(0) → TP 2, FP 2, TN 2, FN 2.
        var overall = evaluation.Overall.Fairness!.Single(f => f.Threshold == 0.5);
        overall.Rates[FairnessRateNames.FalsePositiveRate].ShouldBe(0.5);
        overall.GapsToOverall[FairnessRateNames.FalsePositiveRate].ShouldBe(0.0);
        // group=b (0.8:1, 0.7:0, 0.3:1) at 0.5 → TP 1, FP 1, TN 0, FN 1.
        var b = evaluation.Slices.Single(s => s.Slice.Name == "group=b").Fairness!.Single(f => f.Threshold == 0.5);
        b.Rates[FairnessRateNames.FalsePositiveRate].ShouldBe(1.0);
        b.Rates[FairnessRateNames.FalseNegativeRate].ShouldBe(0.5);
        b.Rates[FairnessRateNames.TruePositiveRate].ShouldBe(0.5);
        b.Rates[FairnessRateNames.TrueNegativeRate].ShouldBe(0.0);
        b.Rates[FairnessRateNames.PositiveRate]!.Value.ShouldBe(2.0 / 3, 1e-15);
        b.Rates[FairnessRateNames.NegativeRate]!.Value.ShouldBe(1.0 / 3, 1e-15);
        b.Rates[FairnessRateNames.FalseDiscoveryRate].ShouldBe(0.5);
        b.Rates[FairnessRateNames.FalseOmissionRate].ShouldBe(1.0);
        b.GapsToOverall[FairnessRateNames.FalsePositiveRate].ShouldBe(0.5);
        b.GapsToOverall[FairnessRateNames.FalseOmissionRate].ShouldBe(0.5);
        evaluation.Overall.Fairness!.Select(f => f.Threshold).ShouldBe([0.25, 0.5, 0.75]);
    }

    [Fact]
    public void Evaluate_UnknownSlicingFeature_ThrowsNamingIt()
    {
        var config = EvaluationTestData.Binary(slices: [new(["country"])]);

        Should.Throw<ArgumentException>(() => new ModelEvaluator(config).Evaluate(Data(), ModelPredictions.Binary("m", Scores)))
            .Message.ShouldContain("'country'");
    }
}
