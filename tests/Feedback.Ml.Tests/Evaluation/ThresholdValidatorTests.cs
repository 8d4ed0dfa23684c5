using Feedback.Ml.Evaluation;

namespace Feedback.Ml.Tests.Evaluation;

public sealed class ThresholdValidatorTests
{
    // Candidate: AUC 6/9 ≈ 0.667 overall (see BinaryMetricsTests); baseline scores are a worse ranking.
    private static readonly double[] Labels = [1, 0, 1, 0, 1, 0];
    private static readonly double[] CandidateScores = [0.9, 0.9, 0.6, 0.4, 0.4, 0.1];
    private static readonly double[] BaselineScores = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    private static readonly string[] Groups = ["a", "a", "a", "b", "b", "b"];

    private static ValidationResult Validate(bool withBaseline, params MetricThreshold[] thresholds)
    {
        var config = EvaluationTestData.Binary(slices: [new(["group"])], thresholds: thresholds);
        var data = new EvaluationData(Labels, sliceColumns: [SliceColumn.FromStrings("group", Groups)]);
        var baseline = withBaseline ? ModelPredictions.Binary("baseline", BaselineScores) : null;
        return new ModelEvaluator(config).Evaluate(data, ModelPredictions.Binary("candidate", CandidateScores), baseline).Validation;
    }

    [Fact]
    public void Validate_NoThresholds_BlessesAndSaysSo()
    {
        var result = Validate(withBaseline: false);

        result.ValidationOk.ShouldBeTrue();
        result.Blessing!.Reason.ShouldBe("blessed because no thresholds were configured");
        result.ChecksPassed.ShouldBe(0);
    }

    [Fact]
    public void Validate_ValueInsideBounds_Passes()
    {
        var result = Validate(false, new MetricThreshold(MetricNames.Auc, new ValueThreshold(0.6, 0.7)));

        result.ValidationOk.ShouldBeTrue();
        result.ChecksPassed.ShouldBe(1);
        result.Blessing!.ModelName.ShouldBe("candidate");
    }

    [Fact]
    public void Validate_ValueEqualToBound_FailsBecauseBoundsAreStrict()
    {
        // weightedExampleCount is exactly 6: TFMA requires value < upper, so 6 fails an upper bound of 6.
        var result = Validate(false, new MetricThreshold(MetricNames.WeightedExampleCount, new ValueThreshold(upperBound: 6)));

        result.ValidationOk.ShouldBeFalse();
        result.Blessing.ShouldBeNull();
        var failure = result.Failures.ShouldHaveSingleItem();
        failure.ShouldBe(new ValidationFailure(MetricNames.WeightedExampleCount, SliceKey.Overall, "candidate", null, ValidatedModel.Candidate, 6, null, null, "value < 6"));
    }

    [Fact]
    public void Validate_ValueBelowLowerBound_FailsWithObservedValue()
    {
        var result = Validate(false, new MetricThreshold(MetricNames.Auc, new ValueThreshold(lowerBound: 0.7)));

        var failure = result.Failures.ShouldHaveSingleItem();
        failure.ObservedValue!.Value.ShouldBe(6.0 / 9, 1e-15);
        failure.Threshold.ShouldBe("value > 0.7");
    }

    [Fact]
    public void Validate_ChangeWithoutBaseline_IsSkippedVisiblyAndValueStillChecked()
    {
        var result = Validate(false, new MetricThreshold(MetricNames.Auc, new ValueThreshold(lowerBound: 0.6), new ChangeThreshold(ChangeDirection.HigherIsBetter, absolute: 0.01)));

        result.ValidationOk.ShouldBeTrue();
        result.ChecksPassed.ShouldBe(1);
        result.Skipped.ShouldHaveSingleItem().Reason.ShouldContain("no baseline");
        result.Blessing!.Reason.ShouldContain("1 skipped");
    }

    [Fact]
    public void Validate_HigherIsBetter_PassesWhenCandidateImproves()
    {
        // Baseline AUC is 0.5 (all tied): +0.167 absolute, ×1.33 relative.
        var result = Validate(true, new MetricThreshold(MetricNames.Auc, change: new ChangeThreshold(ChangeDirection.HigherIsBetter, absolute: 0.1, relative: 1.3)));

        result.ValidationOk.ShouldBeTrue();
        result.ChecksPassed.ShouldBe(2);
    }

    [Fact]
    public void Validate_AbsoluteAndRelativeTogether_BothMustPass()
    {
        var result = Validate(true, new MetricThreshold(MetricNames.Auc, change: new ChangeThreshold(ChangeDirection.HigherIsBetter, absolute: 0.1, relative: 1.5)));

        result.ValidationOk.ShouldBeFalse();
        result.ChecksPassed.ShouldBe(1);
        var failure = result.Failures.ShouldHaveSingleItem();
        failure.Kind.ShouldBe(ValidatedModel.CandidateVersusBaseline);
        failure.BaselineModelName.ShouldBe("baseline");
        failure.BaselineValue.ShouldBe(0.5);
        failure.ObservedChange!.Value.ShouldBe((6.0 / 9) / 0.5, 1e-15);
        failure.Threshold.ShouldBe("relative change > 1.5 (higher is better)");
    }

    [Fact]
    public void Validate_LowerIsBetter_FailsWhenCandidateIsWorse()
    {
        // Candidate log loss is higher than the baseline's 0.693 (−ln 0.5): its confident 0.9 on a negative costs more.
        var result = Validate(true, new MetricThreshold(MetricNames.LogLoss, change: new ChangeThreshold(ChangeDirection.LowerIsBetter, absolute: 0)));

        var failure = result.Failures.ShouldHaveSingleItem();
        failure.ObservedChange!.Value.ShouldBeGreaterThan(0);
        failure.Threshold.ShouldBe("absolute change < 0 (lower is better)");
    }

    [Fact]
    public void Validate_NotWorseThanBaselineIdiom_PassesOnEqualValues()
    {
        // absolute −1e-10 with higher-is-better is TFMA's "not worse than the baseline"; exampleCount is equal.
        var result = Validate(true, new MetricThreshold(MetricNames.ExampleCount, change: new ChangeThreshold(ChangeDirection.HigherIsBetter, absolute: -1e-10)));

        result.ValidationOk.ShouldBeTrue();
    }

    [Fact]
    public void Validate_PerSliceThreshold_ChecksOnlyThatSlice()
    {
        // group=a: 0.9(1), 0.9(0), 0.6(1) → AUC (0.5 + 0) / 2 = 0.25; overall is 0.667 and would pass.
        var slice = new Dictionary<string, string> { ["group"] = "a" };
        var result = Validate(false, new MetricThreshold(MetricNames.Auc, new ValueThreshold(lowerBound: 0.5), slice: slice));

        var failure = result.Failures.ShouldHaveSingleItem();
        failure.Slice.Name.ShouldBe("group=a");
        failure.ObservedValue.ShouldBe(0.25);
    }

    [Fact]
    public void Validate_WildcardSliceThreshold_ChecksEverySliceOfTheFeature()
    {
        var slice = new Dictionary<string, string> { ["group"] = "*" };
        var result = Validate(false, new MetricThreshold(MetricNames.Accuracy, new ValueThreshold(lowerBound: 0.9), slice: slice));

        result.Failures.Select(f => f.Slice.Name).ShouldBe(["group=a", "group=b"]);
    }

    [Fact]
    public void Validate_ThresholdOnSuppressedSlice_IsSkippedWithTheReason()
    {
        var config = EvaluationTestData.Binary(slices: [new(["group"])], minimumSliceSize: 4,
            thresholds: [new MetricThreshold(MetricNames.Auc, new ValueThreshold(0.9), slice: new Dictionary<string, string> { ["group"] = "a" })]);
        var data = new EvaluationData(Labels, sliceColumns: [SliceColumn.FromStrings("group", Groups)]);

        var result = new ModelEvaluator(config).Evaluate(data, ModelPredictions.Binary("candidate", CandidateScores)).Validation;

        result.ValidationOk.ShouldBeTrue();
        result.Skipped.ShouldHaveSingleItem().Reason.ShouldContain("suppressed: 3 examples");
    }

    [Fact]
    public void Validate_UndefinedMetric_FailsTheValueThreshold()
    {
        var config = EvaluationTestData.Binary(thresholds: [new MetricThreshold(MetricNames.Auc, new ValueThreshold(0.5))]);

        var result = new ModelEvaluator(config).Evaluate(new EvaluationData([1, 1]), ModelPredictions.Binary("c", [0.2, 0.8])).Validation;

        result.Failures.ShouldHaveSingleItem().ObservedValue.ShouldBeNull();
    }
}
