using Feedback.Ml.Data;
using Feedback.Ml.Training;
using Feedback.Ml.Training.Trees;

namespace Feedback.Ml.Tests.Trees;

public sealed class WarmStartTests
{
    private static readonly GradientBoostedTreesOptions Quick = new() { Rounds = 15, MinExamplesPerLeaf = 10 };

    [Fact]
    public void Fit_WithParent_StartsFromParentAndLowersLossOnNewData()
    {
        var parent = new GradientBoostedTreesTrainer(Quick).Fit(TreeData.Xor(2000, seed: 30));
        var newData = TreeData.Xor(3000, seed: 31);
        var reports = new List<TrainingProgress>();

        var child = new GradientBoostedTreesTrainer(Quick).Fit(newData, parent, new SynchronousProgress(reports));

        // The child's first trees are the parent's: cut back to them, it predicts exactly as the parent.
        child.TreeCount.ShouldBe(parent.TreeCount + 15);
        var truncated = Truncate(child, parent.TreeCount);
        TreeData.Outputs(truncated, newData.Features).ShouldBe(TreeData.Outputs(parent, newData.Features));
        TreeData.LogLoss(child, newData).ShouldBeLessThan(TreeData.LogLoss(parent, newData));
        reports[0].TrainingLoss.ShouldBeLessThan(TreeData.LogLoss(parent, newData));
    }

    [Fact]
    public void Fit_WithParent_MapsColumnsByName()
    {
        var data = TreeData.Xor(2000, seed: 32);
        var parent = new GradientBoostedTreesTrainer(Quick).Fit(data);

        // The same rows with the columns in reverse order and one extra column: the parent's trees must follow the names.
        var m = data.Features;
        var dense = new float[m.RowCount, 6];
        for (var r = 0; r < m.RowCount; r++)
        {
            for (var c = 0; c < 5; c++)
            {
                dense[r, 4 - c] = TreeData.Value(m, r, c);
            }

            dense[r, 5] = 7f;
        }

        var reordered = TreeData.FromDense(dense, ["x4", "x3", "x2", "x1", "x0", "extra"]);
        var child = new GradientBoostedTreesTrainer(Quick).Fit(new TrainingSet(reordered, data.Labels, TaskKind.BinaryClassification, 2), parent);

        child.ColumnNames.ShouldBe(["x4", "x3", "x2", "x1", "x0", "extra"]);
        TreeData.Outputs(Truncate(child, parent.TreeCount), reordered).ShouldBe(TreeData.Outputs(parent, m));
    }

    [Fact]
    public void CheckWarmStart_MissingSplitColumn_GivesReasonAndFitThrows()
    {
        var parent = new GradientBoostedTreesTrainer(Quick).Fit(TreeData.Xor(2000, seed: 33));
        var renamed = TreeData.Uniform(500, 5, seed: 34, prefix: "z");
        var data = new TrainingSet(renamed, [.. Enumerable.Range(0, 500).Select(i => i % 2 * 1.0)], TaskKind.BinaryClassification, 2);

        var check = GradientBoostedTreesTrainer.CheckWarmStart(data, parent);

        check.IsCompatible.ShouldBeFalse();
        check.Reason!.ShouldMatch("Column 'x[0-4]', which the parent's trees split on, is not in the new data");
        Should.Throw<ArgumentException>(() => new GradientBoostedTreesTrainer(Quick).Fit(data, parent)).Message.ShouldContain(check.Reason!);
    }

    [Fact]
    public void CheckWarmStart_DifferentClassCount_GivesReason()
    {
        var parent = new GradientBoostedTreesTrainer(Quick).Fit(TreeData.Thirds(1000, seed: 35));
        var data = TreeData.Thirds(500, seed: 36);
        var fourClasses = new TrainingSet(data.Features, data.Labels, TaskKind.MulticlassClassification, 4);

        var check = GradientBoostedTreesTrainer.CheckWarmStart(fourClasses, parent);

        check.IsCompatible.ShouldBeFalse();
        check.Reason!.ShouldContain("3 classes");
    }

    [Fact]
    public void CheckWarmStart_DifferentTask_GivesReason()
    {
        var parent = new GradientBoostedTreesTrainer(Quick).Fit(TreeData.Xor(1000, seed: 37));

        var check = GradientBoostedTreesTrainer.CheckWarmStart(TreeData.SmoothRegression(500, seed: 38), parent);

        check.IsCompatible.ShouldBeFalse();
        check.Reason!.ShouldContain("BinaryClassification");
    }

    [Fact]
    public void CheckWarmStart_OnlyUnusedColumnMissing_IsCompatible()
    {
        // x3 never influences the label of a depth-1, one-round parent trained on a rule over x0.
        var matrix = TreeData.Uniform(1000, 4, seed: 39);
        var labels = Enumerable.Range(0, 1000).Select(r => TreeData.Value(matrix, r, 0) > 0 ? 1.0 : 0.0).ToArray();
        var parent = new GradientBoostedTreesTrainer(new GradientBoostedTreesOptions { Rounds = 1, MaxDepth = 1 })
            .Fit(new TrainingSet(matrix, labels, TaskKind.BinaryClassification, 2));
        var without = TreeData.Uniform(1000, 1, seed: 40);

        GradientBoostedTreesTrainer.CheckWarmStart(new TrainingSet(without, labels, TaskKind.BinaryClassification, 2), parent).IsCompatible.ShouldBeTrue();
    }

    /// <summary>The first <paramref name="trees"/> trees of a model, via a round trip through the payload format.</summary>
    private static TreeEnsemblePredictor Truncate(TreeEnsemblePredictor model, int trees)
    {
        var bytes = TreeData.Serialize(model);
        using var input = new BinaryReader(new MemoryStream(bytes));
        using var output = new MemoryStream();
        using (var writer = new BinaryWriter(output))
        {
            writer.Write(input.ReadInt32());
            writer.Write(input.ReadInt32());
            writer.Write(input.ReadInt32());
            var columns = input.ReadInt32();
            writer.Write(columns);
            for (var i = 0; i < columns; i++)
            {
                writer.Write(input.ReadString());
            }

            var scores = input.ReadInt32();
            writer.Write(scores);
            for (var i = 0; i < scores; i++)
            {
                writer.Write(input.ReadDouble());
            }

            input.ReadInt32();
            writer.Write(trees);
            writer.Write(input.ReadBytes(bytes.Length));
        }

        using var reader = new BinaryReader(new MemoryStream(output.ToArray()));
        return TreeEnsemblePredictor.Load(reader);
    }

    private sealed class SynchronousProgress(List<TrainingProgress> reports) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => reports.Add(value);
    }
}
