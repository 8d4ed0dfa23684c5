using Feedback.Ml.Schema;
using Feedback.Ml.Validation;

namespace Feedback.Ml.Tests.Validation;

public sealed class StatisticsAccumulatorTests
{
    [Fact]
    public void ToStatistics_Numeric_MatchesHandComputedValues()
    {
        var amount = ValidationSamples.Statistics(new StatisticsOptions { HistogramBuckets = 4 }).Find("amount")!;

        // Valid 0, 1, 2, 3, 4; null and absent are missing; "abc" is invalid.
        amount.Count.ShouldBe(5);
        amount.Missing.ShouldBe(2);
        amount.Invalid.ShouldBe(1);
        amount.InvalidExamples.ShouldBe(["abc"]);
        var numeric = amount.Numeric!;
        numeric.Sum.ShouldBe(10);
        numeric.Mean.ShouldBe(2, 1e-12);
        // Population variance: (4 + 1 + 0 + 1 + 4) / 5 = 2.
        numeric.StandardDeviation.ShouldBe(Math.Sqrt(2), 1e-12);
        numeric.Min.ShouldBe(0);
        numeric.Max.ShouldBe(4);
        numeric.Zeros.ShouldBe(1);
        numeric.RankErrorBound.ShouldBe(0);
        // Nearest rank: the decile at f is the first value whose cumulative count reaches 5f.
        numeric.Quantiles.Select(q => q.Value).ShouldBe([0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
        // Width (4 - 0) / 4 = 1: [0,1) [1,2) [2,3) [3,4]; 3 and 4 share the closed last bucket.
        numeric.Histogram.Select(b => b.Count).ShouldBe([1L, 1, 1, 2]);
        numeric.Histogram[3].ShouldBe(new HistogramBucket(3, 4, 2));
    }

    [Fact]
    public void ToStatistics_CategoricalTextBooleanAndLabel_MatchHandComputedValues()
    {
        var statistics = ValidationSamples.Statistics();

        statistics.RowCount.ShouldBe(8);
        var country = statistics.Find("country")!;
        country.Count.ShouldBe(6);
        country.Missing.ShouldBe(2);
        country.Categorical!.UniqueCount.ShouldBe(3);
        country.Categorical.IsExact.ShouldBeTrue();
        // Ties (FR, US: 1 each) are in ordinal order.
        country.Categorical.TopValues.ShouldBe([new ValueCount("DE", 4), new ValueCount("FR", 1), new ValueCount("US", 1)]);

        var text = statistics.Find("comment")!.Text!;
        // Lengths 13, 13, 0.
        text.MeanLength.ShouldBe(26.0 / 3, 1e-12);
        text.MinLength.ShouldBe(0);
        text.MaxLength.ShouldBe(13);
        text.TokenCount.ShouldBe(4);
        text.TopTokens.ShouldBe([new ValueCount("great", 3), new ValueCount("product", 1)]);

        var promo = statistics.Find("promo")!;
        promo.Boolean.ShouldBe(new BooleanStatistics(2, 2));
        promo.Invalid.ShouldBe(1);
        promo.InvalidExamples.ShouldBe(["maybe"]);

        statistics.Label!.Categorical!.TopValues.ShouldBe([new ValueCount("yes", 5), new ValueCount("no", 2)]);
        statistics.Label.Missing.ShouldBe(1);
    }

    [Fact]
    public void ToStatistics_ColumnNeverFed_IsNotObserved()
    {
        var accumulator = new StatisticsAccumulator(ValidationSamples.Schema);
        accumulator.AddRow(ValidationSamples.Row(("amount", 1.0)));

        var statistics = accumulator.ToStatistics("serving");

        statistics.Find("amount")!.Observed.ShouldBeTrue();
        statistics.Find("country")!.Observed.ShouldBeFalse();
        statistics.Find("country")!.Missing.ShouldBe(1);
        statistics.Find("country")!.Categorical.ShouldBeNull();
    }

    [Fact]
    public void Merge_TwoHalves_EqualsSinglePassExactly()
    {
        var rows = ValidationSamples.Rows();
        var single = new StatisticsAccumulator(ValidationSamples.Schema, ValidationSamples.Label);
        var first = new StatisticsAccumulator(ValidationSamples.Schema, ValidationSamples.Label);
        var second = new StatisticsAccumulator(ValidationSamples.Schema, ValidationSamples.Label);
        for (var i = 0; i < rows.Count; i++)
        {
            single.AddRow(rows[i]);
            (i < 3 ? first : second).AddRow(rows[i]);
        }

        first.Merge(second);

        // Small data: every sketch is exact, so the whole artifact must be identical.
        ValidationJson.Serialize(first.ToStatistics("train")).ShouldBe(ValidationJson.Serialize(single.ToStatistics("train")));
    }

    [Fact]
    public void Merge_DifferentSchema_Throws()
    {
        var accumulator = new StatisticsAccumulator(ValidationSamples.Schema);
        var other = new StatisticsAccumulator(new FeatureSchema([new FeatureSpec("amount", FeatureType.Numeric)]));

        Should.Throw<ArgumentException>(() => accumulator.Merge(other));
    }

    [Fact]
    public void AddRow_WrongLength_Throws()
    {
        var accumulator = new StatisticsAccumulator(ValidationSamples.Schema);

        Should.Throw<ArgumentException>(() => accumulator.AddRow(new object?[] { 1.0 }));
    }

    [Fact]
    public void Constructor_InvalidOption_ThrowsNamingTheOption()
    {
        var exception = Should.Throw<ArgumentOutOfRangeException>(() => new StatisticsAccumulator(ValidationSamples.Schema, null, new StatisticsOptions { HistogramBuckets = 0 }));

        exception.ParamName.ShouldBe("HistogramBuckets");
        exception.Message.ShouldContain("was 0");
    }

    [Fact]
    public void Constructor_LabelNamedLikeAFeature_Throws() =>
        Should.Throw<ArgumentException>(() => new StatisticsAccumulator(ValidationSamples.Schema, new FeatureSpec("amount", FeatureType.Numeric)));
}
