using Feedback.Ml.Schema;
using Feedback.Ml.Validation;

namespace Feedback.Ml.Tests.Validation;

public sealed class SchemaInferrerTests
{
    [Fact]
    public void Infer_SampleStatistics_GivesTypesPresenceDomainsAndRanges()
    {
        var schema = new SchemaInferrer().Infer(ValidationSamples.Statistics());

        schema.Version.ShouldBe(1);
        schema.ChangeNote.ShouldContain("'train'");
        schema.Features.Select(f => f.Name).ShouldBe(["amount", "country", "comment", "promo"]);
        var amount = schema.Find("amount")!;
        amount.Type.ShouldBe(FeatureType.Numeric);
        amount.Required.ShouldBeTrue();
        // 5 of 8 rows = 0.625, rounded down to two decimals.
        amount.MinPresence.ShouldBe(0.62);
        amount.Range.ShouldBe(new NumericRange(0, 4));
        amount.Domain.ShouldBeNull();
        schema.Find("country")!.Domain.ShouldBe(["DE", "FR", "US"]);
        schema.Find("country")!.Range.ShouldBeNull();
        schema.Find("comment")!.Domain.ShouldBeNull();
        schema.Label!.Domain.ShouldBe(["no", "yes"]);
        schema.DriftThresholds().ShouldBeEmpty("thresholds are a curation decision, never inferred");
    }

    [Fact]
    public void Infer_ManyDistinctValues_LeavesDomainOpen()
    {
        var statistics = ValidationSamples.Single(new FeatureSpec("user", FeatureType.Categorical), Enumerable.Range(0, 30).Select(i => (object?)$"u{i}"));

        var schema = new SchemaInferrer(new SchemaInferenceOptions { MaxDomainSize = 20 }).Infer(statistics);

        schema.Find("user")!.Domain.ShouldBeNull();
        schema.Find("user")!.MinPresence.ShouldBe(1);
    }

    [Fact]
    public void Infer_ColumnNeverSeen_IsOptional()
    {
        var accumulator = new StatisticsAccumulator(ValidationSamples.Schema);
        accumulator.AddRow(ValidationSamples.Row(("amount", 1.0)));

        var schema = new SchemaInferrer().Infer(accumulator.ToStatistics("train"));

        schema.Find("country")!.Required.ShouldBeFalse();
        schema.Find("country")!.MinPresence.ShouldBe(0);
    }

    [Fact]
    public void Constructor_NegativeDomainSize_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new SchemaInferrer(new SchemaInferenceOptions { MaxDomainSize = -1 })).ParamName.ShouldBe("MaxDomainSize");
}
