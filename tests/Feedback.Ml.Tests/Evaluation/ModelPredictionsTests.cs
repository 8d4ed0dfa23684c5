using Feedback.Ml.Data;
using Feedback.Ml.Evaluation;
using Feedback.Ml.Training;

namespace Feedback.Ml.Tests.Evaluation;

public sealed class ModelPredictionsTests
{
    /// <summary>P(positive) is the row's value in column 0, so the expected predictions are known.</summary>
    private sealed class FirstColumnPredictor : IPredictor
    {
        public TaskKind Task => TaskKind.BinaryClassification;

        public int OutputCount => 2;

        public IReadOnlyList<string> ColumnNames { get; } = ["x", "y"];

        public string FormatTag => "test";

        public void Predict(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<double> output)
        {
            var p = indices.Length > 0 && indices[0] == 0 ? values[0] : 0;
            (output[0], output[1]) = (1 - p, p);
        }

        public void Save(BinaryWriter writer) => throw new NotSupportedException();
    }

    [Fact]
    public void FromPredictor_ScoresEveryRowWithThePositiveClassProbability()
    {
        var features = new FeatureMatrix([0, 1, 1, 3], [0, 0, 1], [0.75f, 0.25f, 9f], ["x", "y"]);

        var predictions = ModelPredictions.FromPredictor("candidate", new FirstColumnPredictor(), features);

        predictions.Values.ShouldBe([0.75, 0.0, 0.25]);
        predictions.Task.ShouldBe(TaskKind.BinaryClassification);
    }

    [Fact]
    public void FromPredictor_OtherColumns_Throws()
    {
        var features = new FeatureMatrix([0, 0], [], [], ["x", "z"]);

        Should.Throw<ArgumentException>(() => ModelPredictions.FromPredictor("c", new FirstColumnPredictor(), features));
    }

    [Fact]
    public void Evaluate_PredictionCountDiffersFromExamples_ThrowsNamingTheModel() =>
        Should.Throw<ArgumentException>(() => new ModelEvaluator(EvaluationTestData.Binary())
            .Evaluate(new EvaluationData([0, 1, 1]), ModelPredictions.Binary("served-v3", [0.2, 0.8])))
            .Message.ShouldContain("'served-v3' has 2 predictions for 3 examples");

    [Fact]
    public void Evaluate_PredictionsOfAnotherTask_Throws() =>
        Should.Throw<ArgumentException>(() => new ModelEvaluator(EvaluationTestData.Binary())
            .Evaluate(new EvaluationData([0, 1]), ModelPredictions.Regression("r", [0.2, 0.8])))
            .Message.ShouldContain("Regression");

    [Fact]
    public void Evaluate_CandidateAndBaseline_AreEvaluatedOnTheSameSlices()
    {
        var data = new EvaluationData([1, 0, 1, 0], sliceColumns: [SliceColumn.FromStrings("g", ["a", "a", "b", "b"])]);
        var config = EvaluationTestData.Binary(slices: [new(["g"])]);

        var result = new ModelEvaluator(config).Evaluate(data, ModelPredictions.Binary("candidate", [0.9, 0.1, 0.8, 0.2]), ModelPredictions.Binary("baseline", [0.1, 0.9, 0.8, 0.2]));

        result.Baseline!.Slices.Select(s => s.Slice).ShouldBe(result.Candidate.Slices.Select(s => s.Slice));
        result.Candidate.Overall.Metric(MetricNames.Auc).ShouldBe(1.0);
        result.Baseline.Find(new SliceKey([new("g", "a")]))!.Metric(MetricNames.Auc).ShouldBe(0.0);
    }
}
