using Feedback.Ml.Schema;
using Feedback.Ml.Validation;

namespace Feedback.Ml.Tests.Validation;

public sealed class DataSchemaTests
{
    private static readonly DataSchema Original = new(1, "first", [new FeatureConstraints { Name = "age", Type = FeatureType.Numeric }]);

    [Fact]
    public void WithFeature_NewFeature_AddsItInTheNextVersion()
    {
        var edited = Original.WithFeature(new FeatureConstraints { Name = "country", Type = FeatureType.Categorical, Domain = ["DE"] }, "add country");

        edited.Version.ShouldBe(2);
        edited.ChangeNote.ShouldBe("add country");
        edited.Features.Select(f => f.Name).ShouldBe(["age", "country"]);
        Original.Features.Count.ShouldBe(1, "schemas are immutable");
    }

    [Fact]
    public void WithFeature_ExistingName_ReplacesIt()
    {
        var edited = Original.WithFeature(Original.Find("age")! with { Range = new NumericRange(0, 130) }, "bound age");

        edited.Features.Count.ShouldBe(1);
        edited.Find("age")!.Range.ShouldBe(new NumericRange(0, 130));
    }

    [Fact]
    public void WithoutFeature_UnknownName_Throws() =>
        Should.Throw<ArgumentException>(() => Original.WithoutFeature("nope", "remove"));

    [Fact]
    public void Constructor_DuplicateNames_Throws() =>
        Should.Throw<ArgumentException>(() => new DataSchema(1, "dup", [Original.Features[0], Original.Features[0]]));

    [Fact]
    public void Constructor_PresenceAboveOne_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Original.WithFeature(Original.Features[0] with { MinPresence = 1.5 }, "bad"))
            .Message.ShouldContain("MinPresence must be between 0 and 1, was 1.5");

    [Fact]
    public void Constructor_NegativeThreshold_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Original.WithFeature(Original.Features[0] with { DriftThreshold = new DistanceThreshold(DistanceMeasure.JensenShannon, -0.1) }, "bad"));

    [Fact]
    public void DriftAndSkewThresholds_OnlyFeaturesThatHaveOne()
    {
        var schema = Original
            .WithFeature(new FeatureConstraints { Name = "country", Type = FeatureType.Categorical, DriftThreshold = new(DistanceMeasure.LInfinity, 0.01) }, "watch country")
            .WithLabel(new FeatureConstraints { Name = "clicked", Type = FeatureType.Boolean, SkewThreshold = new(DistanceMeasure.LInfinity, 0.05) }, "label");

        schema.Version.ShouldBe(3);
        schema.DriftThresholds().Keys.ShouldBe(["country"]);
        schema.SkewThresholds().Keys.ShouldBe(["clicked"]);
    }
}
