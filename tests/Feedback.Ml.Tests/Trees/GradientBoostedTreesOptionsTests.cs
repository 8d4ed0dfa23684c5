using Feedback.Ml.Training.Trees;

namespace Feedback.Ml.Tests.Trees;

public sealed class GradientBoostedTreesOptionsTests
{
    [Fact]
    public void Constructor_Defaults_MatchScikitLearn()
    {
        var options = new GradientBoostedTreesOptions();

        options.Rounds.ShouldBe(100);
        options.LearningRate.ShouldBe(0.1);
        options.MaxLeaves.ShouldBe(31);
        options.MaxDepth.ShouldBeNull();
        options.MinExamplesPerLeaf.ShouldBe(20);
        options.L2Regularization.ShouldBe(0);
        options.MaxBins.ShouldBe(255);
        options.EarlyStopping.ShouldBeFalse();
    }

    public static TheoryData<string, Func<GradientBoostedTreesOptions>> InvalidOptions => new()
    {
        { "Rounds", () => new GradientBoostedTreesOptions { Rounds = 0 } },
        { "LearningRate", () => new GradientBoostedTreesOptions { LearningRate = 0 } },
        { "LearningRate", () => new GradientBoostedTreesOptions { LearningRate = double.NaN } },
        { "MaxLeaves", () => new GradientBoostedTreesOptions { MaxLeaves = 1 } },
        { "MaxDepth", () => new GradientBoostedTreesOptions { MaxDepth = 0 } },
        { "MinExamplesPerLeaf", () => new GradientBoostedTreesOptions { MinExamplesPerLeaf = 0 } },
        { "L2Regularization", () => new GradientBoostedTreesOptions { L2Regularization = -1 } },
        { "MaxBins", () => new GradientBoostedTreesOptions { MaxBins = 256 } },
        { "RowSubsample", () => new GradientBoostedTreesOptions { RowSubsample = 1.5 } },
        { "FeatureSubsample", () => new GradientBoostedTreesOptions { FeatureSubsample = 0 } },
        { "ValidationFraction", () => new GradientBoostedTreesOptions { ValidationFraction = 0.9 } },
        { "EarlyStoppingRounds", () => new GradientBoostedTreesOptions { EarlyStoppingRounds = 0 } },
        { "EarlyStoppingTolerance", () => new GradientBoostedTreesOptions { EarlyStoppingTolerance = double.PositiveInfinity } },
        { "MaxDegreeOfParallelism", () => new GradientBoostedTreesOptions { MaxDegreeOfParallelism = 0 } },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Init_InvalidValue_ThrowsNamingOption(string option, Func<GradientBoostedTreesOptions> create)
    {
        var error = Should.Throw<ArgumentOutOfRangeException>(create);

        error.ParamName.ShouldBe(option);
        error.Message.ShouldContain(option);
    }
}
