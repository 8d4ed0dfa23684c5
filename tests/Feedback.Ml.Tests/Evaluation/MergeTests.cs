using Feedback.Ml.Evaluation;
using Feedback.Ml.Training;

namespace Feedback.Ml.Tests.Evaluation;

public sealed class MergeTests
{
    private static readonly SlicingSpec[] Specs = [new(["region"]), new(["region", "age"])];

    /// <summary>Rows [start, end) of the data as a partition that knows its global position.</summary>
    private static EvaluationData Partition(EvaluationData data, int start, int end) => new(
        data.Labels.Skip(start).Take(end - start).ToArray(),
        data.Weights?.Skip(start).Take(end - start).ToArray(),
        data.SliceColumns.Select(c => SliceColumn.FromStrings(c.Name, c.Codes.Skip(start).Take(end - start).Select(k => k < 0 ? null : c.Values[k]).ToArray())).ToArray(),
        firstExampleId: start);

    private static ModelEvaluation MergedEvaluation(ModelEvaluator evaluator, EvaluationData data, Func<int, int, ModelPredictions> predictions, int[] cuts)
    {
        EvaluationStatistics? merged = null;
        // Merge in reverse order too: the result must not depend on the order partitions arrive in.
        for (var p = cuts.Length - 2; p >= 0; p--)
        {
            var part = evaluator.Accumulate(Partition(data, cuts[p], cuts[p + 1]), predictions(cuts[p], cuts[p + 1]));
            merged = merged is null ? part : part.Merge(merged);
        }

        return evaluator.Compute(merged!);
    }

    [Fact]
    public void Merge_BinaryPartitionsEqualSinglePass_BitForBit()
    {
        // Coarse scores make ties that straddle partition boundaries.
        var (data, scores) = EvaluationTestData.SyntheticBinary(3_000, seed: 11, scoreLevels: 20);
        var evaluator = new ModelEvaluator(EvaluationTestData.Binary(bootstrapSamples: 5, slices: Specs));

        var single = evaluator.Compute(evaluator.Accumulate(data, ModelPredictions.Binary("m", scores)));
        var merged = MergedEvaluation(evaluator, data, (a, b) => ModelPredictions.Binary("m", scores[a..b]), [0, 700, 1_900, 2_000, 3_000]);

        var expected = EvaluationJson.Write(new EvaluationResult(single, null, ThresholdValidator.Validate(evaluator.Config, single, null)));
        var actual = EvaluationJson.Write(new EvaluationResult(merged, null, ThresholdValidator.Validate(evaluator.Config, merged, null)));
        actual.ShouldBe(expected);
        single.Slices.Count.ShouldBeGreaterThan(10, "the comparison covers the sliced metrics");
    }

    [Fact]
    public void Accumulate_ParallelSortOfALargeInput_EqualsMergedSmallPartitions()
    {
        // 250k rows take the chunked parallel sort; 100k-row partitions take the serial one. Many ties (1e-3 levels).
        var (data, scores) = EvaluationTestData.SyntheticBinary(250_000, seed: 4, scoreLevels: 1_000);
        var evaluator = new ModelEvaluator(EvaluationTestData.Binary(slices: [new(["region"])]));

        var single = evaluator.Compute(evaluator.Accumulate(data, ModelPredictions.Binary("m", scores)));
        var merged = MergedEvaluation(evaluator, data, (a, b) => ModelPredictions.Binary("m", scores[a..b]), [0, 100_000, 200_000, 250_000]);

        Write(merged).ShouldBe(Write(single));

        string Write(ModelEvaluation e) => EvaluationJson.Write(new EvaluationResult(e, null, new ValidationResult(true, 0, [], [], null)));
    }

    [Fact]
    public void Merge_MulticlassPartitionsEqualSinglePass()
    {
        var (data, _) = EvaluationTestData.SyntheticBinary(1_200, seed: 5);
        var random = new Random(9);
        var probabilities = Enumerable.Range(0, 1_200).SelectMany(_ =>
        {
            var row = new[] { random.NextDouble(), random.NextDouble(), random.NextDouble() };
            return row.Select(v => v / row.Sum());
        }).ToArray();
        var labels = data.Labels.Select((l, i) => (double)((int)l + (i % 2))).ToArray();
        var multiclass = new EvaluationData(labels, data.RawWeightsForTests(), data.SliceColumns);
        var evaluator = new ModelEvaluator(new EvaluationConfig(TaskKind.MulticlassClassification, slices: Specs, bootstrap: new BootstrapOptions(4)));

        var single = evaluator.Compute(evaluator.Accumulate(multiclass, ModelPredictions.Multiclass("m", probabilities, 3)));
        var merged = MergedEvaluation(evaluator, multiclass, (a, b) => ModelPredictions.Multiclass("m", probabilities[(a * 3)..(b * 3)], 3), [0, 500, 1_200]);

        AssertSameMetrics(single, merged);
    }

    [Fact]
    public void Merge_RegressionPartitionsEqualSinglePass()
    {
        var (data, scores) = EvaluationTestData.SyntheticBinary(1_000, seed: 8);
        var regression = new EvaluationData(scores.Select(s => s * 10).ToArray(), data.RawWeightsForTests(), data.SliceColumns);
        var predictions = data.Labels.Select((l, i) => (scores[i] * 10) + l - 0.5).ToArray();
        var evaluator = new ModelEvaluator(new EvaluationConfig(TaskKind.Regression, slices: Specs, bootstrap: new BootstrapOptions(4)));

        var single = evaluator.Compute(evaluator.Accumulate(regression, ModelPredictions.Regression("m", predictions)));
        var merged = MergedEvaluation(evaluator, regression, (a, b) => ModelPredictions.Regression("m", predictions[a..b]), [0, 10, 600, 1_000]);

        AssertSameMetrics(single, merged);
    }

    [Fact]
    public void Merge_StatisticsOfAnotherModel_Throws()
    {
        var evaluator = new ModelEvaluator(EvaluationTestData.Binary());
        var data = new EvaluationData([0, 1]);
        var a = evaluator.Accumulate(data, ModelPredictions.Binary("a", [0.1, 0.9]));
        var b = evaluator.Accumulate(data, ModelPredictions.Binary("b", [0.1, 0.9]));

        Should.Throw<ArgumentException>(() => a.Merge(b)).Message.ShouldContain("'b'");
    }

    // Additive sums are added in a different order after a merge, so equality holds to rounding, not bit for bit.
    private static void AssertSameMetrics(ModelEvaluation single, ModelEvaluation merged)
    {
        merged.Slices.Select(s => s.Slice).ShouldBe(single.Slices.Select(s => s.Slice));
        foreach (var (expected, actual) in single.Slices.Zip(merged.Slices))
        {
            foreach (var (name, value) in expected.Metrics)
            {
                var other = actual.Metrics[name];
                if (value.Value is null)
                {
                    other.Value.ShouldBeNull();
                    continue;
                }

                other.Value!.Value.ShouldBe(value.Value.Value, 1e-12 * Math.Max(1, Math.Abs(value.Value.Value)), $"{name} on {expected.Slice}");
                if (value.Interval is { } interval)
                {
                    other.Interval!.Lower.ShouldBe(interval.Lower, 1e-12 * Math.Max(1, Math.Abs(interval.Lower)), $"{name} interval on {expected.Slice}");
                }
            }
        }
    }
}

internal static class EvaluationDataTestExtensions
{
    public static double[]? RawWeightsForTests(this EvaluationData data) => data.Weights?.ToArray();
}
