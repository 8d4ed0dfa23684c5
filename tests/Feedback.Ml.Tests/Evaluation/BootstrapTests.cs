using Feedback.Ml.Evaluation;

namespace Feedback.Ml.Tests.Evaluation;

public sealed class BootstrapTests
{
    private static ModelEvaluation Evaluate(int samples, long seed)
    {
        var (data, scores) = EvaluationTestData.SyntheticBinary(2_000, seed: 21);
        var config = new EvaluationConfig(slices: [new(["region"])], bootstrap: new BootstrapOptions(samples, seed));
        return new ModelEvaluator(config).Evaluate(data, ModelPredictions.Binary("m", scores)).Candidate;
    }

    [Fact]
    public void Evaluate_SameSeed_GivesIdenticalIntervals()
    {
        var first = EvaluationJson.Write(new EvaluationResult(Evaluate(20, 7), null, new ValidationResult(true, 0, [], [], null)));
        var second = EvaluationJson.Write(new EvaluationResult(Evaluate(20, 7), null, new ValidationResult(true, 0, [], [], null)));

        second.ShouldBe(first);
    }

    [Fact]
    public void Evaluate_OtherSeed_GivesOtherIntervals()
    {
        var a = Evaluate(20, 7).Overall.Metrics[MetricNames.Auc].Interval!;
        var b = Evaluate(20, 8).Overall.Metrics[MetricNames.Auc].Interval!;

        (a.Lower, a.Upper).ShouldNotBe((b.Lower, b.Upper));
    }

    [Fact]
    public void Evaluate_IntervalsBracketTheValueWithAPlausibleWidth()
    {
        var overall = Evaluate(50, 1).Overall;

        foreach (var name in new[] { MetricNames.Auc, MetricNames.Accuracy, MetricNames.LogLoss, MetricNames.AucPr, MetricNames.BrierScore })
        {
            var metric = overall.Metrics[name];
            var interval = metric.Interval!;
            interval.Samples.ShouldBe(50);
            interval.Lower.ShouldBeLessThan(metric.Value!.Value, name);
            interval.Upper.ShouldBeGreaterThan(metric.Value.Value, name);
            // n = 2000: the standard error of an AUC or accuracy is about 0.01; allow a wide but finite band.
            interval.StandardError.ShouldBeInRange(0.001, 0.05, name);
        }
    }

    [Fact]
    public void Evaluate_NoSamples_GivesNoIntervals()
    {
        Evaluate(0, 7).Overall.Metrics.Values.ShouldAllBe(m => m.Interval == null);
    }

    [Fact]
    public void Evaluate_CountsHaveNoIntervals()
    {
        Evaluate(10, 7).Overall.Metrics[MetricNames.ExampleCount].Interval.ShouldBeNull();
    }
}
