using System.Text.Json;
using Feedback.Ml.Evaluation;

namespace Feedback.Ml.Tests.Evaluation;

public sealed class EvaluationJsonTests
{
    private static EvaluationResult Result()
    {
        var (data, scores) = EvaluationTestData.SyntheticBinary(400, seed: 2);
        var config = EvaluationTestData.Binary(bootstrapSamples: 4, slices: [new(["region"])],
            thresholds: [new MetricThreshold(MetricNames.Auc, new ValueThreshold(0.99))]);
        return new ModelEvaluator(config).Evaluate(data, ModelPredictions.Binary("candidate", scores), ModelPredictions.Binary("baseline", scores.Select(s => 1 - s).ToArray()));
    }

    [Fact]
    public void Write_UsesTheStableCamelCaseShape()
    {
        using var document = JsonDocument.Parse(EvaluationJson.Write(Result()));
        var root = document.RootElement;

        root.GetProperty("validation").GetProperty("validationOk").GetBoolean().ShouldBeFalse();
        var overall = root.GetProperty("candidate").GetProperty("slices")[0];
        overall.GetProperty("slice").GetProperty("name").GetString().ShouldBe("Overall");
        var auc = overall.GetProperty("metrics").GetProperty("auc");
        auc.GetProperty("value").GetDouble().ShouldBeInRange(0.5, 1.0);
        auc.GetProperty("interval").GetProperty("lower").ValueKind.ShouldBe(JsonValueKind.Number);
        overall.GetProperty("fairness")[0].GetProperty("rates").GetProperty("falsePositiveRate").ValueKind.ShouldBe(JsonValueKind.Number);
        overall.GetProperty("plots").GetProperty("roc")[1].GetProperty("truePositiveRate").ValueKind.ShouldBe(JsonValueKind.Number);
        root.GetProperty("candidate").GetProperty("task").GetString().ShouldBe("binaryClassification");
        root.GetProperty("validation").GetProperty("failures")[0].GetProperty("kind").GetString().ShouldBe("candidate");
    }

    [Fact]
    public void ReadResult_RoundTripsTheArtifact()
    {
        var json = EvaluationJson.Write(Result());

        var again = EvaluationJson.ReadResult(json);

        EvaluationJson.Write(again).ShouldBe(json);
        again.Candidate.Overall.Slice.IsOverall.ShouldBeTrue();
    }
}
