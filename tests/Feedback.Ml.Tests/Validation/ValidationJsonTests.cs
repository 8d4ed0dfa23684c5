using Feedback.Ml.Schema;
using Feedback.Ml.Validation;

namespace Feedback.Ml.Tests.Validation;

public sealed class ValidationJsonTests
{
    [Fact]
    public void Statistics_RoundTrip_KeepsEveryValue()
    {
        var statistics = ValidationSamples.Statistics();

        var json = ValidationJson.Serialize(statistics);
        var back = ValidationJson.Deserialize<DatasetStatistics>(json);

        ValidationJson.Serialize(back).ShouldBe(json);
        back.Find("amount")!.Numeric!.Quantiles[5].ShouldBe(new QuantilePoint(0.5, 2));
        json.ShouldContain("\"rowCount\":8");
        json.ShouldContain("\"type\":\"categorical\"");
        json.ShouldContain("\"topValues\":[{\"value\":\"DE\",\"count\":4}");
    }

    [Fact]
    public void Schema_RoundTrip_KeepsConstraintsVersionAndThresholds()
    {
        var schema = new SchemaInferrer().Infer(ValidationSamples.Statistics());
        schema = schema.WithFeature(schema.Find("amount")! with
        {
            Range = new NumericRange(double.NegativeInfinity, 100),
            DriftThreshold = new DistanceThreshold(DistanceMeasure.JensenShannon, 0.1),
        }, "open the lower bound; watch drift");

        var json = ValidationJson.Serialize(schema);
        var back = ValidationJson.Deserialize<DataSchema>(json);

        back.Version.ShouldBe(2);
        back.ChangeNote.ShouldBe("open the lower bound; watch drift");
        back.Find("amount")!.Range.ShouldBe(new NumericRange(double.NegativeInfinity, 100));
        back.Find("country")!.Domain.ShouldBe(["DE", "FR", "US"]);
        back.Label!.Name.ShouldBe("clicked");
        ValidationJson.Serialize(back).ShouldBe(json);
        json.ShouldContain("\"measure\":\"jensenShannon\"");
    }

    [Fact]
    public void AnomalyReport_RoundTrip_KeepsAnomaliesAndWritesHasErrors()
    {
        var schema = new DataSchema(3, "s", [new FeatureConstraints { Name = "amount", Type = FeatureType.Numeric, Range = new NumericRange(0, 1) }]);
        var report = new ExampleValidator(new AnomalyOptions { ReportNewColumns = false }).Validate(schema, ValidationSamples.Statistics());

        var json = ValidationJson.Serialize(report);
        var back = ValidationJson.Deserialize<AnomalyReport>(json);

        back.Anomalies.Count.ShouldBe(report.Anomalies.Count);
        back.Anomalies[0].ShouldBe(report.Anomalies[0] with { Examples = back.Anomalies[0].Examples });
        back.Anomalies[0].Examples.ShouldBe(report.Anomalies[0].Examples);
        back.HasErrors.ShouldBeTrue();
        json.ShouldContain("\"hasErrors\":true");
        json.ShouldContain("\"severity\":\"error\"");
        ValidationJson.Serialize(back).ShouldBe(json);
    }

    [Fact]
    public void DriftReport_RoundTrip_KeepsDistances()
    {
        var statistics = ValidationSamples.Statistics();
        var thresholds = new Dictionary<string, DistanceThreshold>
        {
            ["amount"] = new(DistanceMeasure.PopulationStability, 0.2),
            ["clicked"] = new(DistanceMeasure.LInfinity, 0.1),
            ["nope"] = new(DistanceMeasure.LInfinity, 0.1),
        };
        var report = new DriftDetector().Compare(statistics, statistics with { Split = "serving" }, thresholds, ComparisonKind.Skew);

        var json = ValidationJson.Serialize(report);
        var back = ValidationJson.Deserialize<DriftReport>(json);

        back.Features.ShouldBe(report.Features);
        back.Skipped.ShouldBe(report.Skipped);
        back.Kind.ShouldBe(ComparisonKind.Skew);
        json.ShouldContain("\"kind\":\"skew\"");
        ValidationJson.Serialize(back).ShouldBe(json);
    }

    [Fact]
    public void Deserialize_MissingRequiredProperty_Throws() =>
        Should.Throw<System.Text.Json.JsonException>(() => ValidationJson.Deserialize<DatasetStatistics>("{\"split\":\"train\"}"));

    [Fact]
    public void Deserialize_InvalidSchema_ThrowsJsonException() =>
        Should.Throw<System.Text.Json.JsonException>(() => ValidationJson.Deserialize<DataSchema>("{\"version\":0,\"changeNote\":\"x\",\"features\":[]}"))
            .Message.ShouldContain("not a valid DataSchema");
}
