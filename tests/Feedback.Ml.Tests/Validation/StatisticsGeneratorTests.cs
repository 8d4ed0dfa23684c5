using Feedback.Ml.Schema;
using Feedback.Ml.Validation;

namespace Feedback.Ml.Tests.Validation;

public sealed class StatisticsGeneratorTests
{
    private static readonly FeatureSchema Schema = new(
    [
        new FeatureSpec("x", FeatureType.Numeric),
        new FeatureSpec("city", FeatureType.Categorical),
        new FeatureSpec("flag", FeatureType.Boolean),
    ]);

    [Fact]
    public void Compute_ManyPartitions_EqualsOnePartitionForExactStatistics()
    {
        var batch = Batch(30_000);

        var one = new StatisticsGenerator(new StatisticsOptions { PartitionCount = 1 }).Compute(Schema, null, batch, "train");
        var seven = new StatisticsGenerator(new StatisticsOptions { PartitionCount = 7 }).Compute(Schema, null, batch, "train");

        var (a, b) = (one.Find("x")!, seven.Find("x")!);
        b.Count.ShouldBe(a.Count);
        b.Missing.ShouldBe(a.Missing);
        // Values are multiples of 1/4 below 2^20: every partial sum is exact, so the sums must match exactly.
        b.Numeric!.Sum.ShouldBe(a.Numeric!.Sum);
        b.Numeric.Min.ShouldBe(a.Numeric.Min);
        b.Numeric.Max.ShouldBe(a.Numeric.Max);
        b.Numeric.Zeros.ShouldBe(a.Numeric.Zeros);
        b.Numeric.Mean.ShouldBe(a.Numeric.Mean, 1e-9);
        b.Numeric.StandardDeviation.ShouldBe(a.Numeric.StandardDeviation, 1e-9);
        b.Numeric.Histogram.Sum(h => h.Count).ShouldBe(a.Count);
        seven.Find("city")!.Categorical!.TopValues.ShouldBe(one.Find("city")!.Categorical!.TopValues);
        seven.Find("city")!.Missing.ShouldBe(one.Find("city")!.Missing);
        seven.Find("flag")!.Boolean.ShouldBe(one.Find("flag")!.Boolean);
        seven.RowCount.ShouldBe(30_000);
    }

    [Fact]
    public void Compute_ManyPartitions_QuantilesWithinSketchBound()
    {
        var batch = Batch(30_000);
        var truth = Values(30_000).Where(v => !double.IsNaN(v)).Order().ToArray();

        var statistics = new StatisticsGenerator(new StatisticsOptions { PartitionCount = 5, SketchCapacity = 100 }).Compute(Schema, null, batch, "train");

        var numeric = statistics.Find("x")!.Numeric!;
        numeric.RankErrorBound.ShouldBeGreaterThan(0);
        foreach (var point in numeric.Quantiles.Skip(1).SkipLast(1))
        {
            // The true normalised rank of the reported value must be within the bound of the requested fraction.
            var below = (double)truth.Count(v => v < point.Value) / truth.Length;
            var atMost = (double)truth.Count(v => v <= point.Value) / truth.Length;
            point.Fraction.ShouldBeInRange(below - numeric.RankErrorBound, atMost + numeric.RankErrorBound);
        }
    }

    [Fact]
    public void Compute_SameInputTwice_IsIdentical()
    {
        var batch = Batch(20_000);
        var generator = new StatisticsGenerator();

        ValidationJson.Serialize(generator.Compute(Schema, null, batch, "train"))
            .ShouldBe(ValidationJson.Serialize(generator.Compute(Schema, null, batch, "train")));
    }

    [Fact]
    public void Compute_DictionaryRows_MatchesAccumulator()
    {
        var rows = ValidationSamples.Rows();

        var statistics = new StatisticsGenerator(new StatisticsOptions { PartitionCount = 3 }).Compute(ValidationSamples.Schema, ValidationSamples.Label, rows, "train");

        ValidationJson.Serialize(statistics).ShouldBe(ValidationJson.Serialize(ValidationSamples.Statistics()));
    }

    [Fact]
    public void Compute_Cancelled_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Should.Throw<OperationCanceledException>(() => new StatisticsGenerator().Compute(Schema, null, Batch(100), "train", cancellation.Token));
    }

    private static ColumnarBatch Batch(int rows)
    {
        var random = new Random(11);
        string?[] cities = ["Berlin", "Paris", "Rome", null];
        return new ColumnarBatch(rows)
            .SetNumbers("x", Values(rows))
            .SetStrings("city", [.. Enumerable.Range(0, rows).Select(_ => cities[random.Next(cities.Length)])])
            .SetBooleans("flag", [.. Enumerable.Range(0, rows).Select(i => i % 5 == 0 ? (bool?)null : i % 3 == 0)]);
    }

    private static double[] Values(int rows)
    {
        var random = new Random(3);
        return [.. Enumerable.Range(0, rows).Select(i => i % 50 == 0 ? double.NaN : Math.Floor(random.NextDouble() * 4000) / 4)];
    }
}
