using Feedback.Ml.Training;
using Feedback.Ml.Training.Linear;

namespace Feedback.Ml.Tests.Linear;

/// <summary>scikit-learn's <c>C</c> (inverse strength on the summed loss) and our <c>L2</c> (penalty on the mean loss)
/// describe the same objective when <c>L2 = 1 / (C · Σᵢ sᵢ)</c>.</summary>
public sealed class RegularisationStyleTests
{
    [Fact]
    public void C_MatchesScikitLearn_AndTrainsTheSameModelAsTheEquivalentL2()
    {
        var y = SklearnLogisticFixture.BinaryY;
        var set = new TrainingSet(LinearTestData.Dense(SklearnLogisticFixture.BinaryX, 3), y, TaskKind.BinaryClassification, 2);

        var byC = Train(set, new LogisticRegressionOptions { C = SklearnLogisticFixture.C, GradientTolerance = 1e-12, FunctionTolerance = 0, MaxIterations = 1000 });
        var byL2 = Train(set, new LogisticRegressionOptions { L2 = 1 / (SklearnLogisticFixture.C * y.Length), GradientTolerance = 1e-12, FunctionTolerance = 0, MaxIterations = 1000 });

        for (var c = 0; c < 3; c++)
        {
            byC.GetWeight(0, c).ShouldBe(SklearnLogisticFixture.BinaryCoefficients[c], 1e-4, $"coefficient {c}");
        }

        Theta(byC).ShouldBe(Theta(byL2));
    }

    [Fact]
    public void C_WithRowWeights_DividesByTheirSum_NotTheRowCount()
    {
        var set = LinearTestData.SyntheticBinary(400, 4, seed: 5);
        var weights = Enumerable.Range(0, set.RowCount).Select(i => i % 3 == 0 ? 2.5f : 0.5f).ToArray();
        var weighted = new TrainingSet(set.Features, set.Labels, set.Task, set.ClassCount, weights);
        var sum = weights.Sum(w => (double)w);

        var byC = Train(weighted, new LogisticRegressionOptions { C = 0.05 });
        var byL2 = Train(weighted, new LogisticRegressionOptions { L2 = 1 / (0.05 * sum) });
        var byRowCount = Train(weighted, new LogisticRegressionOptions { L2 = 1 / (0.05 * set.RowCount) });

        Theta(byC).ShouldBe(Theta(byL2));
        Theta(byC).ShouldNotBe(Theta(byRowCount));
    }

    [Fact]
    public void L2AndC_Together_AreRefused_AndCMustBePositive()
    {
        Should.Throw<ArgumentException>(() => new LogisticRegressionOptions { L2 = 0.01, C = 1 }).Message.ShouldContain("either L2");
        Should.Throw<ArgumentException>(() => new LogisticRegressionOptions { C = 1, L2 = 0.01 }).Message.ShouldContain("either L2");
        Should.Throw<ArgumentOutOfRangeException>(() => new LogisticRegressionOptions { C = 0 }).ParamName.ShouldBe("C");
        new LogisticRegressionOptions { C = 2 }.L2For(100).ShouldBe(1 / 200.0);
        new LogisticRegressionOptions().L2For(100).ShouldBe(1e-4);
    }

    /// <summary>Every weight and bias, for exact comparison.</summary>
    private static double[] Theta(LinearPredictor model) =>
        [.. Enumerable.Range(0, model.ColumnNames.Count).Select(c => model.GetWeight(0, c)), model.GetBias(0)];

    private static LinearPredictor Train(TrainingSet set, LogisticRegressionOptions options) => new LogisticRegressionTrainer(options).Fit(set);
}
