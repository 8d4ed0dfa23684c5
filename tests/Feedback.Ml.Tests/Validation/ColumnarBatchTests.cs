using Feedback.Ml.Schema;
using Feedback.Ml.Validation;

namespace Feedback.Ml.Tests.Validation;

public sealed class ColumnarBatchTests
{
    private static readonly FeatureSchema Schema = new([new FeatureSpec("x", FeatureType.Numeric), new FeatureSpec("city", FeatureType.Categorical)]);

    [Fact]
    public void FeedInto_NaNAndNull_AreMissingAndUnsetColumnIsUnobserved()
    {
        var batch = new ColumnarBatch(3).SetNumbers("x", [1, double.NaN, 3]).SetStrings("unknown", ["a", "b", "c"]);
        var accumulator = new StatisticsAccumulator(Schema);

        batch.FeedInto(accumulator, 0, 3);
        var statistics = accumulator.ToStatistics("train");

        statistics.RowCount.ShouldBe(3);
        statistics.Find("x")!.Count.ShouldBe(2);
        statistics.Find("x")!.Missing.ShouldBe(1);
        statistics.Find("x")!.Invalid.ShouldBe(0, "NaN in a number column marks a missing value, not an invalid one");
        statistics.Find("city")!.Observed.ShouldBeFalse();
    }

    [Fact]
    public void FeedInto_NumbersForCategoricalFeature_AreReadAsInvariantText()
    {
        var batch = new ColumnarBatch(2).SetNumbers("city", [10115, 1.5]);
        var accumulator = new StatisticsAccumulator(Schema);

        batch.FeedInto(accumulator, 0, 2);

        accumulator.ToStatistics("train").Find("city")!.Categorical!.TopValues.Select(v => v.Value).ShouldBe(["1.5", "10115"], "ties are in ordinal order");
    }

    [Fact]
    public void SetNumbers_WrongLength_Throws() =>
        Should.Throw<ArgumentException>(() => new ColumnarBatch(3).SetNumbers("x", [1, 2])).Message.ShouldContain("has 2 values; the batch has 3 rows");
}
