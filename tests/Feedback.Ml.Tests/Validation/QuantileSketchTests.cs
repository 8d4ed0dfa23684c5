using Feedback.Ml.Validation;

namespace Feedback.Ml.Tests.Validation;

public sealed class QuantileSketchTests
{
    [Fact]
    public void Quantile_UnderCapacity_IsExact()
    {
        var sketch = new QuantileSketch(capacity: 50);
        foreach (var value in new double[] { 5, 1, 4, 2, 3 })
        {
            sketch.Add(value);
        }

        var summary = sketch.ToSummary();

        sketch.IsExact.ShouldBeTrue();
        summary.Values.ShouldBe([1.0, 2, 3, 4, 5]);
        // Nearest rank: 0.5 × 5 = 2.5, reached by the third value.
        summary.Quantile(0.5).ShouldBe(3);
        summary.RankAtMost(3.5).ShouldBe(3);
        summary.RankBelow(3).ShouldBe(2);
    }

    [Theory]
    [InlineData(1UL, false)]
    [InlineData(2UL, true)]
    [InlineData(3UL, false)]
    public void Rank_LargeStream_StaysWithinDocumentedBound(ulong seed, bool skewed)
    {
        const int n = 100_000;
        var values = Values(n, seed, skewed);
        var sketch = new QuantileSketch(200, seed);
        foreach (var value in values)
        {
            sketch.Add(value);
        }

        var worst = WorstRankError(sketch.ToSummary(), values);

        sketch.Count.ShouldBe(n);
        sketch.ToSummary().TotalWeight.ShouldBe(n, "compaction must preserve the total weight");
        sketch.ToSummary().Values.Count.ShouldBeLessThan(1000, "the sketch must stay small");
        sketch.RankErrorBound.ShouldBe(QuantileSketch.ExpectedRankError(200));
        worst.ShouldBeLessThanOrEqualTo(sketch.RankErrorBound);
    }

    [Fact]
    public void Merge_Partitions_KeepsCountMinMaxAndBound()
    {
        const int n = 60_000;
        var values = Values(n, 7, skewed: true);
        var parts = Enumerable.Range(0, 6).Select(p => new QuantileSketch(200, (ulong)p + 10)).ToArray();
        for (var i = 0; i < n; i++)
        {
            parts[i % parts.Length].Add(values[i]);
        }

        for (var p = 1; p < parts.Length; p++)
        {
            parts[0].Merge(parts[p]);
        }

        parts[0].Count.ShouldBe(n);
        parts[0].Min.ShouldBe(values.Min());
        parts[0].Max.ShouldBe(values.Max());
        parts[0].ToSummary().TotalWeight.ShouldBe(n);
        WorstRankError(parts[0].ToSummary(), values).ShouldBeLessThanOrEqualTo(parts[0].RankErrorBound);
    }

    [Fact]
    public void ToSummary_SameSeedAndInput_IsIdentical()
    {
        var values = Values(20_000, 3, skewed: false);
        var a = new QuantileSketch(64, 9);
        var b = new QuantileSketch(64, 9);
        foreach (var value in values)
        {
            a.Add(value);
            b.Add(value);
        }

        b.ToSummary().Values.ShouldBe(a.ToSummary().Values);
        b.ToSummary().Weights.ShouldBe(a.ToSummary().Weights);
    }

    [Fact]
    public void Constructor_TinyCapacity_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new QuantileSketch(4)).ParamName.ShouldBe("capacity");

    private static double[] Values(int n, ulong seed, bool skewed)
    {
        var random = new Random((int)seed);
        // Log-normal for a skewed case; rounding to 1/64 makes ties, which the rank check must handle too.
        return [.. Enumerable.Range(0, n).Select(_ => skewed ? Math.Round(Math.Exp(2 * Gaussian(random)) * 64) / 64 : random.NextDouble() * 1000)];
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Largest |estimated − true| normalised rank over 99 probe quantiles of the true data. With ties the
    /// true rank of a value is an interval [below, atMost]; an estimate anywhere in it is exact.</summary>
    private static double WorstRankError(QuantileSummary summary, double[] values)
    {
        var sorted = values.Order().ToArray();
        var worst = 0.0;
        for (var i = 1; i < 100; i++)
        {
            var probe = sorted[(int)((long)sorted.Length * i / 100)];
            var estimated = (double)summary.RankAtMost(probe);
            var below = LowerBound(sorted, probe);
            var atMost = UpperBound(sorted, probe);
            var error = estimated < below ? below - estimated : estimated > atMost ? estimated - atMost : 0;
            worst = Math.Max(worst, error / sorted.Length);
        }

        return worst;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        var index = Array.BinarySearch(sorted, value);
        if (index < 0)
        {
            return ~index;
        }

        while (index > 0 && sorted[index - 1] == value)
        {
            index--;
        }

        return index;
    }

    private static int UpperBound(double[] sorted, double value)
    {
        var index = Array.BinarySearch(sorted, value);
        if (index < 0)
        {
            return ~index;
        }

        while (index < sorted.Length - 1 && sorted[index + 1] == value)
        {
            index++;
        }

        return index + 1;
    }
}
