using Feedback.Ml.Data;
using Feedback.Ml.Training;
using Feedback.Ml.Training.Trees;

namespace Feedback.Ml.Tests.Trees;

public sealed class GradientBoostedTreesTrainerTests
{
    private static readonly GradientBoostedTreesOptions Quick = new() { Rounds = 60, LearningRate = 0.2, MinExamplesPerLeaf = 10 };

    [Fact]
    public void Fit_LearnsXorInteraction_OnHeldOutRows()
    {
        var model = new GradientBoostedTreesTrainer(Quick).Fit(TreeData.Xor(4000, seed: 1));

        TreeData.Accuracy(model, TreeData.Xor(2000, seed: 2)).ShouldBeGreaterThan(0.97);
    }

    [Fact]
    public void Fit_LearnsThresholdRule_WithOneSplitPerTree()
    {
        // label = x0 > 0.25: a depth-1 tree suffices, and its threshold must sit where the rule does.
        var matrix = TreeData.Uniform(2000, 3, seed: 3);
        var labels = Enumerable.Range(0, 2000).Select(r => TreeData.Value(matrix, r, 0) > 0.25f ? 1.0 : 0.0).ToArray();
        var model = new GradientBoostedTreesTrainer(new GradientBoostedTreesOptions { Rounds = 30, MaxDepth = 1, LearningRate = 0.5 })
            .Fit(new TrainingSet(matrix, labels, TaskKind.BinaryClassification, 2));

        Span<double> output = stackalloc double[2];
        model.Predict([0], [0.30f], output);
        output[1].ShouldBeGreaterThan(0.95);
        model.Predict([0], [0.20f], output);
        output[1].ShouldBeLessThan(0.05);
        TreeData.Accuracy(model, new TrainingSet(matrix, labels, TaskKind.BinaryClassification, 2)).ShouldBe(1.0);
    }

    [Fact]
    public void Fit_RegressionApproximatesKnownFunction()
    {
        var model = new GradientBoostedTreesTrainer(new GradientBoostedTreesOptions { Rounds = 200, MinExamplesPerLeaf = 10 })
            .Fit(TreeData.SmoothRegression(5000, seed: 4));
        var test = TreeData.SmoothRegression(1000, seed: 5);

        var predictions = TreeData.Outputs(model, test.Features);
        var rmse = Math.Sqrt(predictions.Select((p, i) => (p - test.Labels[i]) * (p - test.Labels[i])).Average());
        var spread = Math.Sqrt(test.Labels.Select(y => (y - test.Labels.Average()) * (y - test.Labels.Average())).Average());
        rmse.ShouldBeLessThan(0.1 * spread);
    }

    [Fact]
    public void Fit_Multiclass_ReturnsNormalisedProbabilitiesAndLearnsClasses()
    {
        var model = new GradientBoostedTreesTrainer(Quick).Fit(TreeData.Thirds(3000, seed: 6));
        var test = TreeData.Thirds(1000, seed: 7);

        model.OutputCount.ShouldBe(3);
        model.TreeCount.ShouldBe(60 * 3);
        TreeData.Accuracy(model, test).ShouldBeGreaterThan(0.98);
        var outputs = TreeData.Outputs(model, test.Features);
        outputs.Chunk(3).ShouldAllBe(p => Math.Abs(p.Sum() - 1) < 1e-12);
    }

    [Fact]
    public void Fit_EarlyStopping_StopsBeforeAllRoundsOnPureNoise()
    {
        // Labels independent of the features: validation loss stops improving almost at once.
        var matrix = TreeData.Uniform(3000, 5, seed: 8);
        var random = new Random(9);
        var labels = Enumerable.Range(0, 3000).Select(_ => random.Next(2) * 1.0).ToArray();
        var reports = new List<TrainingProgress>();
        var options = new GradientBoostedTreesOptions { Rounds = 500, EarlyStopping = true, EarlyStoppingRounds = 5 };

        var model = new GradientBoostedTreesTrainer(options).Fit(new TrainingSet(matrix, labels, TaskKind.BinaryClassification, 2), new SynchronousProgress(reports));

        reports.Count.ShouldBeLessThan(50);
        reports.ShouldAllBe(r => r.ValidationLoss != null);
        model.RoundCount.ShouldBe(reports.Count - 5);
    }

    [Fact]
    public void Fit_ReportsEveryRoundWithFallingTrainingLoss()
    {
        var reports = new List<TrainingProgress>();

        new GradientBoostedTreesTrainer(Quick).Fit(TreeData.Xor(2000, seed: 10), new SynchronousProgress(reports));

        reports.Select(r => r.Iteration).ShouldBe(Enumerable.Range(1, 60));
        reports[^1].TrainingLoss.ShouldBeLessThan(reports[0].TrainingLoss / 3);
        reports.ShouldAllBe(r => r.ValidationLoss == null);
    }

    [Fact]
    public void Fit_SameSeed_GivesIdenticalBytesAcrossThreadCounts()
    {
        var data = TreeData.Thirds(3000, seed: 11);
        GradientBoostedTreesOptions Options(int threads) => new()
        {
            Rounds = 20, RowSubsample = 0.7, FeatureSubsample = 0.67, EarlyStopping = true, Seed = 42, MaxDegreeOfParallelism = threads,
        };

        var first = TreeData.Serialize(new GradientBoostedTreesTrainer(Options(1)).Fit(data));
        var second = TreeData.Serialize(new GradientBoostedTreesTrainer(Options(4)).Fit(data));
        var otherSeed = TreeData.Serialize(new GradientBoostedTreesTrainer(new GradientBoostedTreesOptions
        {
            Rounds = 20, RowSubsample = 0.7, FeatureSubsample = 0.67, EarlyStopping = true, Seed = 43,
        }).Fit(data));

        second.ShouldBe(first);
        otherSeed.ShouldNotBe(first);
    }

    [Fact]
    public void Fit_SparseColumnWithAbsentZeros_SplitsBetweenZeroAndPositive()
    {
        // Column 0 is stored only when 1 (absent = 0): the label is exactly that indicator.
        var rows = 400;
        var offsets = new int[rows + 1];
        var indices = new List<int>();
        for (var r = 0; r < rows; r++)
        {
            if (r % 2 == 0)
            {
                indices.Add(0);
            }

            offsets[r + 1] = indices.Count;
        }

        var matrix = new FeatureMatrix(offsets, [.. indices], [.. indices.Select(_ => 1f)], ["flag", "unused"]);
        var labels = Enumerable.Range(0, rows).Select(r => r % 2 == 0 ? 1.0 : 0.0).ToArray();

        var model = new GradientBoostedTreesTrainer(Quick).Fit(new TrainingSet(matrix, labels, TaskKind.BinaryClassification, 2));

        Span<double> output = stackalloc double[2];
        model.Predict([0], [1f], output);
        output[1].ShouldBeGreaterThan(0.99);
        model.Predict([], [], output);
        output[1].ShouldBeLessThan(0.01);
    }

    [Fact]
    public void Fit_NonFiniteFeature_ThrowsNamingTheColumn()
    {
        var matrix = new FeatureMatrix([0, 1, 2], [1, 1], [1f, float.NaN], ["a", "b"]);

        var error = Should.Throw<ArgumentException>(() =>
            new GradientBoostedTreesTrainer().Fit(new TrainingSet(matrix, [0, 1], TaskKind.BinaryClassification, 2)));

        error.Message.ShouldContain("'b'");
        error.Message.ShouldContain("NaN");
    }

    [Fact]
    public void Fit_ColumnIndexOutOfRange_Throws()
    {
        var matrix = new FeatureMatrix([0, 1, 2], [0, 5], [1f, 2f], ["a", "b"]);

        Should.Throw<ArgumentException>(() => new GradientBoostedTreesTrainer().Fit(new TrainingSet(matrix, [0, 1], TaskKind.BinaryClassification, 2)))
            .Message.ShouldContain("column index 5");
    }

    [Fact]
    public void Fit_EarlyStoppingOnTooFewRows_ThrowsNamingTheFraction()
    {
        var data = TreeData.Xor(20, seed: 12);

        Should.Throw<ArgumentException>(() => new GradientBoostedTreesTrainer(new GradientBoostedTreesOptions { EarlyStopping = true }).Fit(data))
            .Message.ShouldContain("ValidationFraction");
    }

    [Fact]
    public void Fit_Cancelled_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Should.Throw<OperationCanceledException>(() => new GradientBoostedTreesTrainer(Quick).Fit(TreeData.Xor(500, seed: 13), cancellationToken: cancellation.Token));
    }

    [Fact]
    public void Fit_ZeroWeightRows_AreIgnored()
    {
        // Half the rows carry flipped labels but weight 0: the model must follow the weighted half.
        var data = TreeData.Xor(4000, seed: 14);
        var labels = data.Labels.Select((y, i) => i % 2 == 0 ? y : 1 - y).ToArray();
        var weights = Enumerable.Range(0, 4000).Select(i => i % 2 == 0 ? 1f : 0f).ToArray();

        var model = new GradientBoostedTreesTrainer(Quick).Fit(new TrainingSet(data.Features, labels, TaskKind.BinaryClassification, 2, weights));

        TreeData.Accuracy(model, TreeData.Xor(2000, seed: 15)).ShouldBeGreaterThan(0.95);
    }

    /// <summary>Collects reports on the reporting thread (Progress&lt;T&gt; would post them asynchronously).</summary>
    private sealed class SynchronousProgress(List<TrainingProgress> reports) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => reports.Add(value);
    }
}
