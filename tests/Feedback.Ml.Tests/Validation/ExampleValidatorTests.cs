using Feedback.Ml.Schema;
using Feedback.Ml.Validation;

namespace Feedback.Ml.Tests.Validation;

public sealed class ExampleValidatorTests
{
    private static readonly ExampleValidator Validator = new();

    [Fact]
    public void Validate_InferredSchemaOnSameData_HasNoAnomalies()
    {
        var statistics = ValidationSamples.Statistics();
        var schema = new SchemaInferrer().Infer(statistics);

        // The sample has invalid values and a missing label, so relax exactly those two checks.
        var report = new ExampleValidator(new AnomalyOptions { InvalidValueErrorShare = 1, MissingLabelErrorShare = 1 }).Validate(schema, statistics);

        report.Anomalies.Select(a => a.Kind).ShouldBe([AnomalyKind.TypeMismatch, AnomalyKind.TypeMismatch, AnomalyKind.MissingLabel]);
        report.HasErrors.ShouldBeFalse();
        report.SchemaVersion.ShouldBe(1);
    }

    [Fact]
    public void Validate_RequiredColumnAbsent_IsMissingColumnError()
    {
        var schema = Schema(new FeatureConstraints { Name = "age", Type = FeatureType.Numeric });
        var statistics = ValidationSamples.Single(new FeatureSpec("other", FeatureType.Numeric), [1.0]);

        var anomaly = Validator.Validate(schema, statistics).Anomalies.Single(a => a.Kind == AnomalyKind.MissingColumn);

        anomaly.Feature.ShouldBe("age");
        anomaly.Severity.ShouldBe(AnomalySeverity.Error);
        anomaly.Description.ShouldBe("age: the required column is absent from the data.");
    }

    [Fact]
    public void Validate_PresenceBelowMinimum_IsLowPresenceError()
    {
        var schema = Schema(new FeatureConstraints { Name = "age", Type = FeatureType.Numeric, MinPresence = 0.9 });
        var statistics = ValidationSamples.Single(new FeatureSpec("age", FeatureType.Numeric), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, null, null]);

        var anomaly = Validator.Validate(schema, statistics).Anomalies.ShouldHaveSingleItem();

        anomaly.Kind.ShouldBe(AnomalyKind.LowPresence);
        anomaly.Severity.ShouldBe(AnomalySeverity.Error);
        anomaly.Description.ShouldBe("age: present in 80.0% of rows, below the minimum of 90.0%.");
    }

    [Fact]
    public void Validate_DifferentType_IsTypeMismatchError()
    {
        var schema = Schema(new FeatureConstraints { Name = "age", Type = FeatureType.Numeric });
        var statistics = ValidationSamples.Single(new FeatureSpec("age", FeatureType.Categorical), ["young"]);

        var anomaly = Validator.Validate(schema, statistics).Anomalies.ShouldHaveSingleItem();

        anomaly.Kind.ShouldBe(AnomalyKind.TypeMismatch);
        anomaly.Description.ShouldBe("age: the schema expects numeric values, but the data was read as categorical.");
    }

    [Fact]
    public void Validate_UnreadableValues_IsTypeMismatchWithShareAndExamples()
    {
        var schema = Schema(new FeatureConstraints { Name = "age", Type = FeatureType.Numeric });
        var statistics = ValidationSamples.Single(new FeatureSpec("age", FeatureType.Numeric), [1.0, "old", 3.0, double.NaN]);

        var anomaly = Validator.Validate(schema, statistics).Anomalies.ShouldHaveSingleItem();

        anomaly.Kind.ShouldBe(AnomalyKind.TypeMismatch);
        anomaly.Share.ShouldBe(0.5);
        anomaly.Examples.ShouldBe(["old", "NaN"]);
        anomaly.Description.ShouldBe("age: 50.0% of values (e.g. 'old', 'NaN') are not numeric.");
    }

    [Theory]
    [InlineData(3, AnomalySeverity.Error, "3.0%")]
    [InlineData(1, AnomalySeverity.Warning, "1.0%")]
    public void Validate_ValuesOutsideDomain_ReportsShareExamplesAndSeverityByThreshold(int unexpected, AnomalySeverity severity, string percent)
    {
        var schema = Schema(new FeatureConstraints { Name = "country", Type = FeatureType.Categorical, Domain = ["DE", "FR"] });
        // 100 values: 'XX' twice (or once), 'YY' once when 3 are unexpected, the rest in the domain.
        var values = Enumerable.Repeat<object?>("DE", 60).Concat(Enumerable.Repeat<object?>("FR", 40 - unexpected))
            .Concat(unexpected == 3 ? ["XX", "XX", "YY"] : ["XX"]);
        var statistics = ValidationSamples.Single(new FeatureSpec("country", FeatureType.Categorical), values);

        var anomaly = Validator.Validate(schema, statistics).Anomalies.ShouldHaveSingleItem();

        anomaly.Kind.ShouldBe(AnomalyKind.UnexpectedValues);
        anomaly.Severity.ShouldBe(severity);
        anomaly.Share.ShouldBe(unexpected / 100.0);
        var examples = unexpected == 3 ? " (e.g. 'XX', 'YY')" : " (e.g. 'XX')";
        anomaly.Description.ShouldBe($"country: {percent} of values{examples} are outside the domain.");
    }

    [Fact]
    public void Validate_ValuesOutOfRange_ReportsShareAndObservedExtremes()
    {
        var schema = Schema(new FeatureConstraints { Name = "age", Type = FeatureType.Numeric, Range = new NumericRange(0, 120) });
        // 98 values in range, -3 and 150 outside: 2 of 100.
        var values = Enumerable.Range(1, 98).Select(i => (object?)(double)i).Concat([-3.0, 150.0]);
        var statistics = ValidationSamples.Single(new FeatureSpec("age", FeatureType.Numeric), values);

        var anomaly = Validator.Validate(schema, statistics).Anomalies.ShouldHaveSingleItem();

        anomaly.Kind.ShouldBe(AnomalyKind.OutOfRange);
        anomaly.Severity.ShouldBe(AnomalySeverity.Error);
        anomaly.Share.ShouldBe(0.02);
        anomaly.Examples.ShouldBe(["-3", "150"]);
        anomaly.Description.ShouldBe("age: 2.0% of values are outside [0, 120] (observed min -3, max 150).");
    }

    [Fact]
    public void Validate_LabelAbsent_IsMissingLabelError()
    {
        var schema = new DataSchema(1, "s", [], new FeatureConstraints { Name = "clicked", Type = FeatureType.Boolean });
        var statistics = ValidationSamples.Single(new FeatureSpec("age", FeatureType.Numeric), [1.0]);

        var anomaly = new ExampleValidator(new AnomalyOptions { ReportNewColumns = false }).Validate(schema, statistics).Anomalies.ShouldHaveSingleItem();

        anomaly.Kind.ShouldBe(AnomalyKind.MissingLabel);
        anomaly.Severity.ShouldBe(AnomalySeverity.Error);
    }

    [Fact]
    public void Validate_SomeLabelsMissing_IsMissingLabelWithShare()
    {
        var statistics = ValidationSamples.Statistics();
        var schema = new DataSchema(4, "label only", [], new FeatureConstraints { Name = "clicked", Type = FeatureType.Categorical });

        var report = new ExampleValidator(new AnomalyOptions { ReportNewColumns = false }).Validate(schema, statistics);

        var anomaly = report.Anomalies.ShouldHaveSingleItem();
        anomaly.Kind.ShouldBe(AnomalyKind.MissingLabel);
        anomaly.Share.ShouldBe(1 / 8.0);
        anomaly.Description.ShouldBe("clicked: 12.5% of rows (1) have no valid label.");
        report.HasErrors.ShouldBeTrue();
    }

    [Fact]
    public void Validate_ColumnNotInSchema_IsNewColumnWarning()
    {
        var schema = Schema();
        var statistics = ValidationSamples.Single(new FeatureSpec("extra", FeatureType.Numeric), [1.0]);

        var report = Validator.Validate(schema, statistics);

        report.Anomalies.ShouldHaveSingleItem().Kind.ShouldBe(AnomalyKind.NewColumn);
        report.HasErrors.ShouldBeFalse();
    }

    [Fact]
    public void Constructor_ShareAboveOne_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new ExampleValidator(new AnomalyOptions { OutOfRangeErrorShare = 2 })).ParamName.ShouldBe("OutOfRangeErrorShare");

    private static DataSchema Schema(params FeatureConstraints[] features) => new(1, "test", features);
}

public sealed class ExampleValidatorComparisonTests
{
    private static readonly FeatureSpec Country = new("country", FeatureType.Categorical);

    [Fact]
    public void Validate_ExceededDriftThreshold_IsDriftAnomalyWithSeverityFromOptions()
    {
        // Previous DE 50 / FR 50, current DE 30 / FR 70: L-infinity 0.2 > 0.1.
        var previous = ValidationSamples.Single(Country, Enumerable.Repeat<object?>("DE", 50).Concat(Enumerable.Repeat<object?>("FR", 50)), "previous");
        var current = ValidationSamples.Single(Country, Enumerable.Repeat<object?>("DE", 30).Concat(Enumerable.Repeat<object?>("FR", 70)), "current");
        var schema = new DataSchema(1, "s", [new FeatureConstraints { Name = "country", Type = FeatureType.Categorical, DriftThreshold = new(DistanceMeasure.LInfinity, 0.1) }]);
        var drift = new DriftDetector().CompareDrift(schema, previous, current);

        var error = new ExampleValidator().Validate(schema, current, drift);
        var warning = new ExampleValidator(new AnomalyOptions { DriftSeverity = AnomalySeverity.Warning }).Validate(schema, current, drift);

        var anomaly = error.Anomalies.ShouldHaveSingleItem();
        anomaly.Kind.ShouldBe(AnomalyKind.Drift);
        anomaly.Severity.ShouldBe(AnomalySeverity.Error);
        anomaly.Description.ShouldBe("country: L-infinity distance 0.2 from the 'previous' snapshot is above the threshold 0.1 (most moved: 'DE', 50.0% -> 30.0%).");
        warning.HasErrors.ShouldBeFalse();
    }

    [Fact]
    public void Validate_SkewWithinThreshold_AddsNothing()
    {
        var training = ValidationSamples.Single(Country, ["DE", "FR"], "train");
        var schema = new DataSchema(1, "s", [new FeatureConstraints { Name = "country", Type = FeatureType.Categorical, SkewThreshold = new(DistanceMeasure.LInfinity, 0.1) }]);
        var skew = new DriftDetector().CompareSkew(schema, training, training with { Split = "serving" });

        new ExampleValidator().Validate(schema, training, skew).Anomalies.ShouldBeEmpty();
    }
}
