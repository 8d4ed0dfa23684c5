using Feedback.Ml.Training.Trees;

namespace Feedback.Ml.Tests.Trees;

public sealed class ShrinkTests
{
    private static readonly GradientBoostedTreesOptions Quick = new() { Rounds = 15, MinExamplesPerLeaf = 10 };

    [Fact]
    public void Shrink_KeepingEverything_PredictsAsTheParent()
    {
        var data = TreeData.Xor(1000, seed: 50);
        var parent = new GradientBoostedTreesTrainer(Quick).Fit(data);

        TreeData.Outputs(parent.Shrink(null, 1), data.Features).ShouldBe(TreeData.Outputs(parent, data.Features));
    }

    [Fact]
    public void Shrink_MaxRounds_KeepsTheNewestRoundsOnly()
    {
        var parent = new GradientBoostedTreesTrainer(Quick).Fit(TreeData.Xor(1000, seed: 51));

        var kept = parent.Shrink(4, 1);

        kept.RoundCount.ShouldBe(4);
        parent.Shrink(100, 1).RoundCount.ShouldBe(15, "more rounds than the parent has keeps all");
    }

    [Fact]
    public void Shrink_Factor_ScalesEveryTreesContribution()
    {
        var data = TreeData.Xor(1000, seed: 52);
        var parent = new GradientBoostedTreesTrainer(Quick).Fit(data);

        var half = TreeData.Outputs(parent.Shrink(null, 0.5), data.Features);
        var full = TreeData.Outputs(parent, data.Features);

        // The base score cancels in a difference of log-odds: the trees' part of it halves exactly.
        static double Logit(double p) => Math.Log(p / (1 - p));
        for (var row = 1; row < 50; row++)
        {
            var shrunk = Logit(half[(row * 2) + 1]) - Logit(half[1]);
            var original = Logit(full[(row * 2) + 1]) - Logit(full[1]);
            shrunk.ShouldBe(original / 2, 1e-9);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    public void Shrink_FactorOutsideZeroToOne_Throws(double factor)
    {
        var parent = new GradientBoostedTreesTrainer(Quick).Fit(TreeData.Xor(500, seed: 53));

        Should.Throw<ArgumentOutOfRangeException>(() => parent.Shrink(null, factor)).ParamName.ShouldBe("shrinkage");
    }
}
