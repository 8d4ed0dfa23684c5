using System.Text;
using Feedback.Ml.Data;
using Feedback.Ml.Training;
using Feedback.Ml.Training.Trees;

namespace Feedback.Ml.Tests.Trees;

public sealed class TreeEnsemblePredictorTests
{
    private static readonly GradientBoostedTreesOptions Quick = new() { Rounds = 30, MinExamplesPerLeaf = 10 };

    [Fact]
    public void SaveThenLoad_PredictsBitIdentically()
    {
        var data = TreeData.Thirds(2000, seed: 20);
        var model = new GradientBoostedTreesTrainer(Quick).Fit(data);

        var loaded = Load(TreeData.Serialize(model));

        loaded.Task.ShouldBe(TaskKind.MulticlassClassification);
        loaded.ColumnNames.ShouldBe(model.ColumnNames);
        loaded.FormatTag.ShouldBe("trees");
        TreeData.Outputs(loaded, data.Features).ShouldBe(TreeData.Outputs(model, data.Features));
        TreeData.Serialize(loaded).ShouldBe(TreeData.Serialize(model));
    }

    [Fact]
    public void Load_UnknownPayloadVersion_ThrowsNamingTheVersion()
    {
        var bytes = TreeData.Serialize(new GradientBoostedTreesTrainer(Quick).Fit(TreeData.Xor(500, seed: 21)));
        BitConverter.GetBytes(99).CopyTo(bytes, 0);

        Should.Throw<InvalidDataException>(() => Load(bytes)).Message.ShouldContain("version 99");
    }

    [Fact]
    public void Load_CorruptChildReference_Throws()
    {
        // Hand-written payload: one tree whose root points back at itself, which would loop forever if accepted.
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(TreeEnsemblePredictor.PayloadVersion);
            writer.Write((int)TaskKind.Regression);
            writer.Write(1);
            writer.Write(1);
            writer.Write("x");
            writer.Write(1);
            writer.Write(0.0);
            writer.Write(1);
            writer.Write(1);
            writer.Write(0);
            writer.Write(0.5f);
            writer.Write(0);
            writer.Write(~0);
            writer.Write(2);
            writer.Write(1.0);
            writer.Write(2.0);
        }

        Should.Throw<InvalidDataException>(() => Load(stream.ToArray())).Message.ShouldContain("corrupt");
    }

    [Fact]
    public void Predict_WideSparseRows_MatchesDenseEquivalent()
    {
        // 300 columns takes the binary-search path; the same model on the same values must agree with a narrow copy.
        var rows = 1500;
        var random = new Random(22);
        var wide = new float[rows, 300];
        var narrow = new float[rows, 3];
        var labels = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                narrow[r, c] = wide[r, c * 100] = (float)(random.NextDouble() * 2 - 1);
            }

            labels[r] = narrow[r, 0] + narrow[r, 1] * narrow[r, 2];
        }

        var options = new GradientBoostedTreesOptions { Rounds = 20 };
        var wideModel = new GradientBoostedTreesTrainer(options).Fit(new TrainingSet(TreeData.FromDense(wide, [.. Enumerable.Range(0, 300).Select(c => $"c{c}")]), labels, TaskKind.Regression, 1));
        var narrowModel = new GradientBoostedTreesTrainer(options).Fit(new TrainingSet(TreeData.FromDense(narrow, ["c0", "c100", "c200"]), labels, TaskKind.Regression, 1));

        var wideOutputs = TreeData.Outputs(wideModel, TreeData.FromDense(wide, [.. Enumerable.Range(0, 300).Select(c => $"c{c}")]));
        wideOutputs.ShouldBe(TreeData.Outputs(narrowModel, TreeData.FromDense(narrow, ["c0", "c100", "c200"])));
    }

    [Fact]
    public void Predict_IsThreadSafe()
    {
        var data = TreeData.Xor(2000, seed: 23);
        var model = new GradientBoostedTreesTrainer(Quick).Fit(data);
        var expected = TreeData.Outputs(model, data.Features);

        var parallel = new double[expected.Length];
        Parallel.For(0, data.RowCount, r => model.Predict(data.Features.RowIndices(r), data.Features.RowValues(r), parallel.AsSpan(r * 2, 2)));

        parallel.ShouldBe(expected);
    }

    [Fact]
    public void Predict_ShortOutputSpan_Throws()
    {
        var model = new GradientBoostedTreesTrainer(Quick).Fit(TreeData.Xor(500, seed: 24));

        Should.Throw<ArgumentException>(() => model.Predict([0], [1f], new double[1])).ParamName.ShouldBe("output");
    }

    private static TreeEnsemblePredictor Load(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        return TreeEnsemblePredictor.Load(reader);
    }
}
