using Feedback.Ml.Schema;
using Feedback.Ml.Validation;

namespace Feedback.Ml.Tests.Validation;

public sealed class DriftDetectorTests
{
    private static readonly FeatureSpec Country = new("country", FeatureType.Categorical);
    private static readonly FeatureSpec Amount = new("amount", FeatureType.Numeric);

    [Fact]
    public void Compare_Categorical_ReportsLInfinityAndTheValueThatMovedMost()
    {
        // Baseline A 50, B 30, C 20; current A 35, B 30, C 25, D 10 (per 100).
        var baseline = ValidationSamples.Single(Country, Repeat(("A", 50), ("B", 30), ("C", 20)), "previous");
        var current = ValidationSamples.Single(Country, Repeat(("A", 35), ("B", 30), ("C", 25), ("D", 10)), "current");

        var report = new DriftDetector().Compare(baseline, current, Thresholds(("country", DistanceMeasure.LInfinity, 0.1)));

        var feature = report.Features.ShouldHaveSingleItem();
        // |0.50-0.35| = 0.15 is the largest difference (D moved by 0.10, C by 0.05).
        feature.Distance.ShouldBe(0.15, 1e-12);
        feature.MostMoved.ShouldBe("A");
        feature.BaselineShare.ShouldBe(0.5);
        feature.CurrentShare.ShouldBe(0.35);
        feature.Exceeded.ShouldBeTrue();
        report.AnyExceeded.ShouldBeTrue();
        report.BaselineSplit.ShouldBe("previous");
    }

    [Theory]
    // Union range [1, 15], 2 bins, edge 8: baseline 1..10 → [0.8, 0.2], current 6..15 → [0.3, 0.7].
    // JSD: m = [0.55, 0.45]; (0.8·log2(0.8/0.55) + 0.2·log2(0.2/0.45) + 0.3·log2(0.3/0.55) + 0.7·log2(0.7/0.45)) / 2
    //    = (0.4324547 - 0.2339850 - 0.2623407 + 0.4462009) / 2 = 0.1911650.
    [InlineData(NumericBinning.UnionRange, DistanceMeasure.JensenShannon, 0.1911650, "(-inf, 8]", 0.8, 0.3)]
    // PSI: (0.3-0.8)·ln(0.3/0.8) + (0.7-0.2)·ln(0.7/0.2) = 0.4904146 + 0.6263815 = 1.1167961.
    [InlineData(NumericBinning.UnionRange, DistanceMeasure.PopulationStability, 1.1167961, "(-inf, 8]", 0.8, 0.3)]
    [InlineData(NumericBinning.UnionRange, DistanceMeasure.LInfinity, 0.5, "(-inf, 8]", 0.8, 0.3)]
    // Baseline median 5 is the edge: baseline [0.5, 0.5], current [0, 1]; the empty bin becomes 1e-4 in PSI:
    // (0.0001-0.5)·ln(0.0001/0.5) + (1-0.5)·ln(1/0.5) = 4.2577449 + 0.3465736 = 4.6043185.
    [InlineData(NumericBinning.BaselineQuantiles, DistanceMeasure.PopulationStability, 4.6043185, "(-inf, 5]", 0.5, 0.0)]
    [InlineData(NumericBinning.BaselineQuantiles, DistanceMeasure.JensenShannon, 0.3112781, "(-inf, 5]", 0.5, 0.0)]
    public void Compare_Numeric_MatchesHandComputedDistanceOnSharedBins(NumericBinning binning, DistanceMeasure measure, double expected, string bin, double baselineShare, double currentShare)
    {
        var baseline = ValidationSamples.Single(Amount, Enumerable.Range(1, 10).Select(i => (object?)(double)i));
        var current = ValidationSamples.Single(Amount, Enumerable.Range(6, 10).Select(i => (object?)(double)i), "serving");
        var detector = new DriftDetector(new DriftOptions { BinCount = 2, Binning = binning });

        var feature = detector.Compare(baseline, current, Thresholds(("amount", measure, 10)), ComparisonKind.Skew).Features.ShouldHaveSingleItem();

        feature.Measure.ShouldBe(measure);
        feature.Distance.ShouldBe(expected, 1e-6);
        feature.MostMoved.ShouldBe(bin);
        feature.BaselineShare.ShouldBe(baselineShare, 1e-12);
        feature.CurrentShare.ShouldBe(currentShare, 1e-12);
        feature.Exceeded.ShouldBeFalse();
    }

    [Fact]
    public void CompareDrift_FeatureWithoutThreshold_IsNotChecked()
    {
        var statistics = ValidationSamples.Statistics();
        var schema = new SchemaInferrer().Infer(statistics);
        schema = schema.WithFeature(schema.Find("country")! with { DriftThreshold = new(DistanceMeasure.LInfinity, 0.01) }, "watch country");

        var report = new DriftDetector().CompareDrift(schema, statistics, statistics);

        report.Features.Select(f => f.Feature).ShouldBe(["country"]);
        report.Features[0].Distance.ShouldBe(0);
        report.Kind.ShouldBe(ComparisonKind.Drift);
        report.AnyExceeded.ShouldBeFalse();
    }

    [Fact]
    public void Compare_TruncatedTopValues_PoolsTheRestAsOtherValues()
    {
        var options = new StatisticsOptions { TopValueCount = 1 };
        var baseline = ValidationSamples.Single(Country, Repeat(("A", 60), ("B", 40)), options: options);
        var current = ValidationSamples.Single(Country, Repeat(("A", 60), ("C", 40)), options: options);

        // Only A is listed on each side; B and C pool into "(other values)" with 0.4 each: nothing moved.
        var feature = new DriftDetector().Compare(baseline, current, Thresholds(("country", DistanceMeasure.LInfinity, 0))).Features.ShouldHaveSingleItem();

        feature.Distance.ShouldBe(0, 1e-12);
    }

    [Fact]
    public void Compare_FeatureAbsentOnOneSide_IsSkippedWithReason()
    {
        var baseline = ValidationSamples.Single(Country, Repeat(("A", 1)));
        var current = ValidationSamples.Single(Amount, [1.0]);

        var report = new DriftDetector().Compare(baseline, current, Thresholds(("country", DistanceMeasure.LInfinity, 0.1)));

        report.Features.ShouldBeEmpty();
        report.Skipped.ShouldBe([new SkippedComparison("country", "absent from the current statistics")]);
    }

    [Fact]
    public void Constructor_OneBin_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new DriftDetector(new DriftOptions { BinCount = 1 })).Message.ShouldContain("BinCount must be between 2 and 1000, was 1");

    private static IEnumerable<object?> Repeat(params (string Value, int Count)[] counts) =>
        counts.SelectMany(c => Enumerable.Repeat<object?>(c.Value, c.Count));

    private static Dictionary<string, DistanceThreshold> Thresholds(params (string Feature, DistanceMeasure Measure, double Value)[] thresholds) =>
        thresholds.ToDictionary(t => t.Feature, t => new DistanceThreshold(t.Measure, t.Value));
}

public sealed class DriftDetectorEdgeCaseTests
{
    [Fact]
    public void Compare_Boolean_UsesTrueAndFalseShares()
    {
        var flag = new FeatureSpec("flag", FeatureType.Boolean);
        // Baseline 3 true of 4 (0.75), current 1 of 4 (0.25): both bins move by 0.5; "true" comes first.
        var baseline = ValidationSamples.Single(flag, [true, true, true, false]);
        var current = ValidationSamples.Single(flag, [true, false, false, false]);

        var feature = new DriftDetector().Compare(baseline, current, new Dictionary<string, DistanceThreshold> { ["flag"] = new(DistanceMeasure.LInfinity, 0.4) }).Features.ShouldHaveSingleItem();

        feature.Distance.ShouldBe(0.5);
        feature.MostMoved.ShouldBe("true");
        feature.Exceeded.ShouldBeTrue();
    }

    [Fact]
    public void Compare_TextTokens_ComparesTokenShares()
    {
        var comment = new FeatureSpec("comment", FeatureType.Text);
        // Tokens: baseline bad×2, good×2 (0.5 each); current good×3, bad×1 (0.75, 0.25). Both move by 0.25; bins
        // follow the baseline's top list (ties in ordinal order: "bad" first), and the first largest is reported.
        var baseline = ValidationSamples.Single(comment, ["good bad", "Good, BAD"]);
        var current = ValidationSamples.Single(comment, ["good good", "good bad"]);

        var feature = new DriftDetector().Compare(baseline, current, new Dictionary<string, DistanceThreshold> { ["comment"] = new(DistanceMeasure.LInfinity, 0.3) }).Features.ShouldHaveSingleItem();

        feature.Distance.ShouldBe(0.25);
        feature.MostMoved.ShouldBe("bad");
        feature.Exceeded.ShouldBeFalse();
    }

    [Fact]
    public void Compare_ConstantNumericOnBothSides_HasZeroDistance()
    {
        var amount = new FeatureSpec("amount", FeatureType.Numeric);
        var statistics = ValidationSamples.Single(amount, [7.0, 7.0, 7.0]);
        var detector = new DriftDetector(new DriftOptions { Binning = NumericBinning.UnionRange });

        var feature = detector.Compare(statistics, statistics, new Dictionary<string, DistanceThreshold> { ["amount"] = new(DistanceMeasure.PopulationStability, 0) }).Features.ShouldHaveSingleItem();

        feature.Distance.ShouldBe(0);
        feature.Exceeded.ShouldBeFalse("the check fails only when the distance is strictly above the threshold");
    }
}
