using Feedback.Ml.Training;
using Feedback.Ml.Training.Linear;

namespace Feedback.Ml.Tests.Linear;

public sealed class LogisticRegressionTrainerTests
{
    private static LogisticRegressionTrainer ConvergedTrainer(int rows) => new(new LogisticRegressionOptions
    {
        L2 = 1 / (SklearnLogisticFixture.C * rows),
        GradientTolerance = 1e-12,
        FunctionTolerance = 0,
        MaxIterations = 1000,
    });

    [Fact]
    public void Fit_Binary_MatchesScikitLearnCoefficients()
    {
        var y = SklearnLogisticFixture.BinaryY;
        var set = new TrainingSet(LinearTestData.Dense(SklearnLogisticFixture.BinaryX, 3), y, TaskKind.BinaryClassification, 2);

        var model = ConvergedTrainer(y.Length).Fit(set);

        for (var c = 0; c < 3; c++)
        {
            model.GetWeight(0, c).ShouldBe(SklearnLogisticFixture.BinaryCoefficients[c], 1e-4, $"coefficient {c}");
        }

        model.GetBias(0).ShouldBe(SklearnLogisticFixture.BinaryIntercepts[0], 1e-4);
        var output = new double[2];
        model.Predict(set.Features.RowIndices(0), set.Features.RowValues(0), output);
        output.ShouldBe(SklearnLogisticFixture.BinaryFirstRowProbabilities, 1e-5);
    }

    [Fact]
    public void Fit_Multinomial_MatchesScikitLearnCoefficients()
    {
        var y = SklearnLogisticFixture.MulticlassY;
        var set = new TrainingSet(LinearTestData.Dense(SklearnLogisticFixture.MulticlassX, 3), y, TaskKind.MulticlassClassification, 3);

        var model = ConvergedTrainer(y.Length).Fit(set);

        for (var k = 0; k < 3; k++)
        {
            for (var c = 0; c < 3; c++)
            {
                model.GetWeight(k, c).ShouldBe(SklearnLogisticFixture.MulticlassCoefficients[(k * 3) + c], 1e-4, $"class {k}, coefficient {c}");
            }

            model.GetBias(k).ShouldBe(SklearnLogisticFixture.MulticlassIntercepts[k], 1e-4, $"intercept {k}");
        }

        var output = new double[3];
        model.Predict(set.Features.RowIndices(0), set.Features.RowValues(0), output);
        output.ShouldBe(SklearnLogisticFixture.MulticlassFirstRowProbabilities, 1e-5);
    }

    [Fact]
    public void Fit_SameData_GivesIdenticalModelBytes()
    {
        var set = LinearTestData.SyntheticBinary(20_000, 8, seed: 3);

        var first = Serialize(new LogisticRegressionTrainer().Fit(set));
        var second = Serialize(new LogisticRegressionTrainer(new LogisticRegressionOptions { Seed = 42 }).Fit(set));

        second.ShouldBe(first);
    }

    [Fact]
    public void Fit_ReportsProgressPerIterationWithDecreasingLoss()
    {
        var set = LinearTestData.SyntheticBinary(2_000, 5, seed: 1);
        var reports = new List<TrainingProgress>();

        var result = new LogisticRegressionTrainer().Train(set, validation: set, progress: new SynchronousProgress(reports.Add));

        reports.Count.ShouldBe(result.Iterations);
        reports.Select(r => r.Iteration).ShouldBe(Enumerable.Range(1, result.Iterations));
        reports.Zip(reports.Skip(1)).ShouldAllBe(p => p.Second.TrainingLoss <= p.First.TrainingLoss);
        reports[^1].TrainingLoss.ShouldBe(result.FinalObjective);
        reports[^1].ValidationLoss!.Value.ShouldBeLessThan(Math.Log(2), "the model beats a coin flip on its own data");
    }

    [Fact]
    public void Fit_Cancelled_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Should.Throw<OperationCanceledException>(() => new LogisticRegressionTrainer().Fit(LinearTestData.SyntheticBinary(100, 2, 1), cancellationToken: cancellation.Token));
    }

    [Fact]
    public void Fit_RegressionSet_Throws() =>
        Should.Throw<ArgumentException>(() => new LogisticRegressionTrainer().Fit(
            new TrainingSet(LinearTestData.Dense([1, 2], 1), [0.5, 1.5], TaskKind.Regression, 1))).Message.ShouldContain("classification");

    [Fact]
    public void TrainingSet_SingleClass_ThrowsBeforeTraining() =>
        Should.Throw<ArgumentException>(() => new TrainingSet(LinearTestData.Dense([1, 2], 1), [1, 1], TaskKind.BinaryClassification, 2))
            .Message.ShouldContain("at least two classes");

    [Theory]
    [InlineData(nameof(LogisticRegressionOptions.L2), -1.0, "L2 must be finite and non-negative, was -1.")]
    [InlineData(nameof(LogisticRegressionOptions.MaxIterations), 0.0, "MaxIterations must be at least 1, was 0.")]
    [InlineData(nameof(LogisticRegressionOptions.GradientTolerance), 0.0, "GradientTolerance must be finite and positive, was 0.")]
    [InlineData(nameof(LogisticRegressionOptions.Memory), 0.0, "Memory must be from 1 to 100, was 0.")]
    public void Options_InvalidValue_ThrowsNamingOptionAndValue(string option, double value, string message)
    {
        Func<LogisticRegressionOptions> create = option switch
        {
            nameof(LogisticRegressionOptions.L2) => () => new LogisticRegressionOptions { L2 = value },
            nameof(LogisticRegressionOptions.MaxIterations) => () => new LogisticRegressionOptions { MaxIterations = (int)value },
            nameof(LogisticRegressionOptions.GradientTolerance) => () => new LogisticRegressionOptions { GradientTolerance = value },
            _ => () => new LogisticRegressionOptions { Memory = (int)value },
        };

        var ex = Should.Throw<ArgumentOutOfRangeException>(() => create());

        ex.ParamName.ShouldBe(option);
        ex.Message.ShouldStartWith(message);
    }

    [Fact]
    public void SaveLoad_RoundTripsParameters()
    {
        var model = new LogisticRegressionTrainer().Fit(LinearTestData.SyntheticBinary(500, 4, seed: 9));

        var loaded = LinearPredictor.Load(new BinaryReader(new MemoryStream(Serialize(model))));

        loaded.ColumnNames.ShouldBe(model.ColumnNames);
        Enumerable.Range(0, 4).Select(c => loaded.GetWeight(0, c)).ShouldBe(Enumerable.Range(0, 4).Select(c => model.GetWeight(0, c)));
        loaded.GetBias(0).ShouldBe(model.GetBias(0));
    }

    internal static byte[] Serialize(IPredictor model)
    {
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            model.Save(writer);
        }

        return stream.ToArray();
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool, which would race the asserts).</summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
