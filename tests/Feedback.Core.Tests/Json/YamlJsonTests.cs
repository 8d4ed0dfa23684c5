using Feedback.Core.Errors;
using Feedback.Core.Json;
using Feedback.Ml.Evaluation;

namespace Feedback.Core.Tests.Json;

public sealed class YamlJsonTests
{
    [Fact]
    public void ToJson_TypesPlainScalarsAndKeepsQuotedOnesAsStrings()
    {
        var json = YamlJson.ToJson("a: 3\nb: 0.5\nc: true\nd: ~\ne: '3'\nf: [no, yes]\n");

        json.ShouldBe("""{"a":3,"b":0.5,"c":true,"d":null,"e":"3","f":["no","yes"]}""");
    }

    [Fact]
    public void EvaluationConfig_WrittenInYaml_ReadsIntoTheTypedConfig()
    {
        const string yaml = """
            task: binaryClassification
            metrics: [auc, logLoss, accuracy]
            slices:
              - featureKeys: [country]
            minimumSliceSize: 50
            fairnessThresholds: [0.25, 0.5, 0.75]
            metricThresholds:
              - metric: auc
                value: {lowerBound: 0.65}
                change: {direction: higherIsBetter, absolute: 0.01}
            """;

        var config = EvaluationJson.ReadConfig(YamlJson.ToJson(yaml));

        config.MinimumSliceSize.ShouldBe(50);
        config.MetricThresholds.Single().Value!.LowerBound.ShouldBe(0.65);
    }

    [Fact]
    public void EvaluationConfig_InYamlWithAnUncomputedMetric_IsRejectedNamingIt()
    {
        var json = YamlJson.ToJson("task: binaryClassification\nmetrics: [auc]\nmetricThresholds:\n  - metric: logLoss\n    value: {upperBound: 0.5}\n");

        Should.Throw<Exception>(() => EvaluationJson.ReadConfig(json)).Message.ShouldContain("logLoss");
    }

    [Fact]
    public void ToUtf8Json_MalformedYaml_NamesTheLine() =>
        Should.Throw<InvalidInputException>(() => YamlJson.ToUtf8Json("a: b: c\n")).Errors["body"][0].ShouldContain("line 1");

    [Fact]
    public void ToUtf8Json_UnclosedFlowSequence_IsAnInputErrorNotACrash() =>
        Should.Throw<InvalidInputException>(() => YamlJson.ToUtf8Json("a: [1, 2\nb: 3\n")).Errors["body"][0].ShouldContain("not valid YAML");
}
