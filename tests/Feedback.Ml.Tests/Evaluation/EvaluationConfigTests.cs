using System.Text.Json;
using Feedback.Ml.Evaluation;
using Feedback.Ml.Training;

namespace Feedback.Ml.Tests.Evaluation;

public sealed class EvaluationConfigTests
{
    [Fact]
    public void Constructor_Defaults_AreTfmas()
    {
        var config = new EvaluationConfig();

        config.DecisionThreshold.ShouldBe(0.5);
        config.FairnessThresholds.ShouldBe([0.25, 0.5, 0.75]);
        config.CalibrationBins.ShouldBe(10);
        config.Bootstrap.Samples.ShouldBe(20);
        config.MinimumSliceSize.ShouldBe(1);
        config.Metrics.ShouldBe(MetricNames.For(TaskKind.BinaryClassification));
    }

    [Fact]
    public void Constructor_UnknownMetric_ThrowsNamingTheField() =>
        Should.Throw<ArgumentException>(() => new EvaluationConfig(metrics: ["auc", "aucc"]))
            .Message.ShouldContain("metrics[1] 'aucc'");

    [Fact]
    public void Constructor_MetricOfAnotherTask_Throws() =>
        Should.Throw<ArgumentException>(() => new EvaluationConfig(TaskKind.Regression, metrics: ["auc"]))
            .Message.ShouldContain("not a Regression metric");

    [Fact]
    public void Constructor_ThresholdOnMetricNotComputed_ThrowsNamingTheField() =>
        Should.Throw<ArgumentException>(() => new EvaluationConfig(metrics: ["auc"], metricThresholds: [new MetricThreshold("logLoss", new ValueThreshold(upperBound: 1))]))
            .Message.ShouldContain("metricThresholds[0].metric 'logLoss' is not computed");

    [Fact]
    public void Constructor_ThresholdOnUnknownMetric_Throws() =>
        Should.Throw<ArgumentException>(() => new EvaluationConfig(metricThresholds: [new MetricThreshold("accuracy@5", new ValueThreshold(0.5))]))
            .Message.ShouldContain("metricThresholds[0].metric 'accuracy@5'");

    [Fact]
    public void Constructor_ThresholdOnSliceNotConfigured_Throws() =>
        Should.Throw<ArgumentException>(() => new EvaluationConfig(metricThresholds:
            [new MetricThreshold("auc", new ValueThreshold(0.5), slice: new Dictionary<string, string> { ["country"] = "NL" })]))
            .Message.ShouldContain("metricThresholds[0].slice (country)");

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Constructor_DecisionThresholdOutOfRange_ThrowsNamingIt(double threshold) =>
        Should.Throw<ArgumentOutOfRangeException>(() => new EvaluationConfig(decisionThreshold: threshold)).ParamName.ShouldBe("decisionThreshold");

    [Fact]
    public void Constructor_FairnessThresholdOutOfRange_ThrowsNamingTheIndex() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new EvaluationConfig(fairnessThresholds: [0.5, 2]))
            .Message.ShouldContain("fairnessThresholds[1] must be in [0, 1], was 2");

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Constructor_NonPositiveMinimumSliceSize_Throws(int size) =>
        Should.Throw<ArgumentOutOfRangeException>(() => new EvaluationConfig(minimumSliceSize: size)).ParamName.ShouldBe("minimumSliceSize");

    [Fact]
    public void BootstrapOptions_OneSample_ThrowsNamingTheOption() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new BootstrapOptions(1)).Message.ShouldContain("bootstrap.samples must be 0 (off) or from 2");

    [Fact]
    public void ValueThreshold_LowerNotBelowUpper_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new ValueThreshold(0.8, 0.7)).Message.ShouldContain("upperBound (0.7) must be greater than lowerBound (0.8)");

    [Fact]
    public void ChangeThreshold_NeitherAbsoluteNorRelative_Throws() =>
        Should.Throw<ArgumentException>(() => new ChangeThreshold(ChangeDirection.HigherIsBetter)).Message.ShouldContain("absolute, relative or both");

    [Fact]
    public void MetricThreshold_NoValueOrChange_Throws() =>
        Should.Throw<ArgumentException>(() => new MetricThreshold("auc")).Message.ShouldContain("'auc'");

    [Fact]
    public void ReadConfig_FullJson_BuildsTheTypedConfig()
    {
        const string json = """
        {
          "task": "binaryClassification",
          "metrics": ["auc", "logLoss", "accuracy"],
          "decisionThreshold": 0.4,
          "slices": [{ "featureKeys": ["country"] }, { "featureKeys": ["country", "age"] }],
          "minimumSliceSize": 50,
          "fairnessThresholds": [0.3, 0.6],
          "bootstrap": { "samples": 30, "seed": 7 },
          "metricThresholds": [
            { "metric": "auc", "value": { "lowerBound": 0.65 }, "change": { "direction": "higherIsBetter", "absolute": 0.01 } },
            { "metric": "logLoss", "value": { "upperBound": 0.5 }, "slice": { "country": "*" } }
          ]
        }
        """;

        var config = EvaluationJson.ReadConfig(json);

        config.Metrics.ShouldBe(["auc", "logLoss", "accuracy"]);
        config.DecisionThreshold.ShouldBe(0.4);
        config.Slices[1].FeatureKeys.ShouldBe(["country", "age"]);
        config.MinimumSliceSize.ShouldBe(50);
        config.Bootstrap.Samples.ShouldBe(30);
        config.Bootstrap.ConfidenceLevel.ShouldBe(0.95, "an option left out takes its default");
        config.CalibrationBins.ShouldBe(10);
        config.MetricThresholds[0].Change!.Direction.ShouldBe(ChangeDirection.HigherIsBetter);
        config.MetricThresholds[1].Slice!["country"].ShouldBe("*");
    }

    [Fact]
    public void ReadConfig_RoundTripsThroughWrite()
    {
        var config = new EvaluationConfig(metrics: ["auc", "f1"], slices: [new(["a"])], bootstrap: new BootstrapOptions(5, 3),
            metricThresholds: [new MetricThreshold("auc", new ValueThreshold(0.6), new ChangeThreshold(ChangeDirection.HigherIsBetter, relative: 1.01))]);

        var json = EvaluationJson.Write(config);
        var again = EvaluationJson.ReadConfig(json);

        EvaluationJson.Write(again).ShouldBe(json);
        json.ShouldContain("\"metricThresholds\"");
        json.ShouldContain("\"higherIsBetter\"");
    }

    [Fact]
    public void ReadConfig_UnknownMetricInJson_ThrowsNamingTheField() =>
        Should.Throw<ArgumentException>(() => EvaluationJson.ReadConfig("""{ "metrics": ["auc", "rocAuc"] }"""))
            .Message.ShouldContain("metrics[1] 'rocAuc'");

    [Fact]
    public void ReadConfig_MisspeltOption_ThrowsInsteadOfDefaulting() =>
        Should.Throw<JsonException>(() => EvaluationJson.ReadConfig("""{ "minSliceSize": 10 }""")).Message.ShouldContain("minSliceSize");
}
