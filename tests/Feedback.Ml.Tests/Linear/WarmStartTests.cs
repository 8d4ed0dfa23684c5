using Feedback.Ml.Data;
using Feedback.Ml.Training;
using Feedback.Ml.Training.Linear;

namespace Feedback.Ml.Tests.Linear;

public sealed class WarmStartTests
{
    private static readonly LogisticRegressionOptions Options = new() { L2 = 1e-4, GradientTolerance = 1e-6, FunctionTolerance = 1e-10, MaxIterations = 500 };

    [Fact]
    public void Train_WarmStart_BeginsAtParentLossAndConvergesInFewerIterations()
    {
        var all = LinearTestData.SyntheticBinary(11_000, 20, seed: 5);
        var parentSet = LinearTestData.Slice(all, 0, 10_000);
        var trainer = new LogisticRegressionTrainer(Options);
        var parent = trainer.Train(parentSet);

        var cold = trainer.Train(all);
        var warm = trainer.Train(all, initialModel: parent.Predictor);

        warm.WarmStarted.ShouldBeTrue();
        var parentLossOnNewData = LogisticRegressionTrainer.MeanLogLoss(parent.Predictor, all) + PenaltyOf(parent.Predictor, 20);
        warm.InitialObjective.ShouldBe(parentLossOnNewData, 1e-9, "the warm start begins from the parent's weights");
        warm.InitialObjective.ShouldBeLessThan(cold.InitialObjective, "a fresh model starts at ln 2");
        warm.FinalObjective.ShouldBe(cold.FinalObjective, 1e-6);
        warm.FinalObjective.ShouldBeLessThanOrEqualTo(warm.InitialObjective);
        warm.Iterations.ShouldBeLessThan(cold.Iterations, $"warm {warm.Iterations} vs cold {cold.Iterations}");
    }

    [Fact]
    public void Train_WarmStart_MapsWeightsByColumnName()
    {
        var parentSet = LinearTestData.SyntheticBinary(2_000, 3, seed: 2);
        var parent = new LogisticRegressionTrainer().Fit(parentSet);

        // The new matrix has the columns in another order, one dropped (f2) and one new (g0).
        var x = parentSet.Features;
        var reordered = new FeatureMatrix(
            x.RowOffsets,
            x.Indices.Select(i => i switch { 0 => 1, 1 => 0, _ => 2 }).ToArray(),
            x.Values,
            ["f1", "f0", "g0"]);
        var newSet = new TrainingSet(reordered, parentSet.Labels, TaskKind.BinaryClassification, 2);

        var result = new LogisticRegressionTrainer(new LogisticRegressionOptions { MaxIterations = 1 }).Train(newSet, initialModel: parent);

        // Expected start: f0 and f1 keep the parent's weights (found by name), g0 starts at 0, the intercept carries over.
        var (w0, w1, b) = (parent.GetWeight(0, 0), parent.GetWeight(0, 1), parent.GetBias(0));
        var loss = 0.0;
        for (var row = 0; row < x.RowCount; row++)
        {
            var values = x.RowValues(row);
            var z = b + (w0 * values[0]) + (w1 * values[1]);
            loss += Math.Log(1 + Math.Exp(z)) - (parentSet.Labels[row] * z);
        }

        var expected = (loss / x.RowCount) + (0.5 * new LogisticRegressionOptions().L2 * ((w0 * w0) + (w1 * w1)));
        result.WarmStarted.ShouldBeTrue();
        result.InitialObjective.ShouldBe(expected, 1e-9);
    }

    [Fact]
    public void Check_DifferentClassCount_GivesReason()
    {
        var parent = new LogisticRegressionTrainer().Fit(LinearTestData.SyntheticBinary(200, 3, seed: 2));
        var multi = new TrainingSet(LinearTestData.Dense([1, 0, 0, 0, 1, 0, 0, 0, 1], 3), [0, 1, 2], TaskKind.MulticlassClassification, 3);

        var check = WarmStartCompatibility.Check(parent, multi);

        check.IsCompatible.ShouldBeFalse();
        check.Reason.ShouldBe("The parent is a BinaryClassification model; the new data is MulticlassClassification.");
        Should.Throw<ArgumentException>(() => new LogisticRegressionTrainer().Fit(multi, parent)).Message.ShouldContain("Cannot warm-start");
    }

    [Fact]
    public void Check_TooFewSharedColumns_GivesReason()
    {
        var parent = new LogisticRegressionTrainer().Fit(LinearTestData.SyntheticBinary(200, 4, seed: 2));
        var renamed = LinearTestData.SyntheticBinary(200, 4, seed: 3);
        var other = new TrainingSet(LinearTestData.Dense([1, 2, 3, 4, 5, 6, 7, 8], 4, prefix: "g"), [0, 1], TaskKind.BinaryClassification, 2);

        WarmStartCompatibility.Check(parent, renamed).IsCompatible.ShouldBeTrue();
        var check = WarmStartCompatibility.Check(parent, other);

        check.IsCompatible.ShouldBeFalse();
        check.SharedColumns.ShouldBe(0);
        check.Reason.ShouldBe("Only 0 of the parent's 4 columns exist in the new features (at least 2 needed): the transform changed too much, so cold-start.");
    }

    [Fact]
    public void Check_ChangedLabelClasses_GivesReason()
    {
        var set = LinearTestData.SyntheticBinary(200, 2, seed: 2);
        var parent = new LogisticRegressionTrainer().Fit(set);

        var check = WarmStartCompatibility.Check(parent, set, parentClasses: ["ok", "fraud"], trainClasses: ["no", "yes"]);

        check.Reason.ShouldBe("The label classes changed from [ok, fraud] to [no, yes].");
    }

    private static double PenaltyOf(LinearPredictor model, int columns) =>
        0.5 * Options.L2 * Enumerable.Range(0, columns).Sum(c => model.GetWeight(0, c) * model.GetWeight(0, c));
}
