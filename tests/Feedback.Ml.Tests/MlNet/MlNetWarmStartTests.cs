using Feedback.Ml.MlNet;
using Feedback.Ml.Tests.Trees;
using Feedback.Ml.Training;
using Feedback.Ml.Training.MlNet;

namespace Feedback.Ml.Tests.MlNet;

/// <summary>ML.NET's L-BFGS trainers continue from the parent's parameters when the feature space is identical;
/// everything else starts cold with the reason given.</summary>
public sealed class MlNetWarmStartTests
{
    [Theory]
    [InlineData(MlNetAlgorithms.LbfgsLogisticRegression, TaskKind.BinaryClassification)]
    [InlineData(MlNetAlgorithms.LbfgsMaximumEntropy, TaskKind.MulticlassClassification)]
    public void Train_LinearFromALoadedParent_WarmStartsAndConvergesSooner(string algorithm, TaskKind task)
    {
        var first = MlNetTrainerTests.Generated(task, 1000, seed: 11);
        var second = MlNetTrainerTests.Generated(task, 1000, seed: 12);
        // A loose iteration budget: the parent's parameters are already close, so few iterations suffice from them.
        var options = new Dictionary<string, double> { ["maximumIterations"] = 3 };
        var trainer = new MlNetTrainer(new MlNetTrainerSpec(algorithm, options));
        var converged = new MlNetTrainer(new MlNetTrainerSpec(algorithm, new Dictionary<string, double>()));
        var parent = MlNetTrainerTests.RoundTrip(converged.Train(first).Predictor);

        trainer.WarmStartProblem(parent, second).ShouldBeNull();
        var warm = trainer.Train(second, parent);
        var cold = trainer.Train(second);

        warm.WarmStarted.ShouldBeTrue();
        cold.WarmStarted.ShouldBeFalse();
        warm.TrainingLoss.ShouldBeLessThan(cold.TrainingLoss, "three iterations from the parent beat three from zero");
    }

    [Fact]
    public void WarmStartProblem_TreesAndSdca_CannotContinue()
    {
        var set = MlNetTrainerTests.Generated(TaskKind.BinaryClassification, 300, seed: 13);
        foreach (var algorithm in new[] { MlNetAlgorithms.LightGbm, MlNetAlgorithms.FastTree, MlNetAlgorithms.SdcaLogisticRegression })
        {
            var trainer = new MlNetTrainer(new MlNetTrainerSpec(algorithm, new Dictionary<string, double>()));
            var parent = trainer.Train(set).Predictor;

            trainer.WarmStartProblem(parent, set).ShouldBe($"ML.NET's {algorithm} cannot continue from a parent model (only its L-BFGS trainers can)");
        }
    }

    [Fact]
    public void WarmStartProblem_ChangedFeatureSpace_NamesTheChange()
    {
        var trainer = new MlNetTrainer(new MlNetTrainerSpec(MlNetAlgorithms.LbfgsLogisticRegression, new Dictionary<string, double>()));
        var parent = trainer.Train(MlNetTrainerTests.Generated(TaskKind.BinaryClassification, 300, seed: 14)).Predictor;
        var wider = MlNetTrainerTests.Generated(TaskKind.BinaryClassification, 300, seed: 15, columns: 7);

        trainer.WarmStartProblem(parent, wider).ShouldNotBeNull().ShouldStartWith("the feature space changed (1 columns added, 0 removed)");
        Should.Throw<ArgumentException>(() => trainer.Train(wider, parent));
    }

    [Fact]
    public void WarmStartProblem_ParentOfAnotherTrainer_IsNamed()
    {
        var set = MlNetTrainerTests.Generated(TaskKind.BinaryClassification, 300, seed: 16);
        var ours = new Training.Linear.LogisticRegressionTrainer().Fit(set);
        var trainer = new MlNetTrainer(new MlNetTrainerSpec(MlNetAlgorithms.LbfgsLogisticRegression, new Dictionary<string, double>()));

        trainer.WarmStartProblem(ours, set).ShouldBe("the production version was not trained by ML.NET's lbfgs-logistic-regression");
    }

    [Fact]
    public void Train_SameColumnsInAnotherOrder_WarmStartsAndScoresThroughTheParentsOrder()
    {
        var trainer = new MlNetTrainer(new MlNetTrainerSpec(MlNetAlgorithms.LbfgsLogisticRegression, new Dictionary<string, double>()));
        var parent = MlNetTrainerTests.RoundTrip(trainer.Train(MlNetTrainerTests.Generated(TaskKind.BinaryClassification, 800, seed: 17)).Predictor);
        var set = MlNetTrainerTests.Generated(TaskKind.BinaryClassification, 800, seed: 18);
        var reversed = Reversed(set);

        trainer.WarmStartProblem(parent, reversed).ShouldBeNull();
        var warm = trainer.Train(reversed, parent);

        warm.WarmStarted.ShouldBeTrue();
        warm.Predictor.ColumnNames.ShouldBe(reversed.Features.ColumnNames);
        warm.Predictor.ModelColumnNames.ShouldBe(parent.ColumnNames);
        var loaded = MlNetTrainerTests.RoundTrip(warm.Predictor);
        MlNetTrainerTests.Score(loaded, reversed).ShouldBe(MlNetTrainerTests.Score(warm.Predictor, reversed));
        MlNetTrainerTests.Score(warm.Predictor, reversed).ShouldBe(MlNetTrainerTests.Score(trainer.Train(set, parent).Predictor, set), 1e-6, "the same model whichever order the transform lists the columns in");
    }

    private static TrainingSet Reversed(TrainingSet set)
    {
        var features = set.Features;
        var n = features.ColumnCount;
        var dense = new float[set.RowCount, n];
        for (var row = 0; row < set.RowCount; row++)
        {
            for (var column = 0; column < n; column++)
            {
                dense[row, n - 1 - column] = TreeData.Value(features, row, column);
            }
        }

        var matrix = TreeData.FromDense(dense, features.ColumnNames.Reverse().ToArray());
        return new TrainingSet(matrix, set.Labels, set.Task, set.ClassCount, set.Weights);
    }
}
