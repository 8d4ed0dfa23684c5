using Feedback.Ml.Data;
using Feedback.Ml.Training;

namespace Feedback.Ml.Tests.Linear;

internal static class LinearTestData
{
    /// <summary>A dense matrix from row-major values, with columns f0, f1, ….</summary>
    public static FeatureMatrix Dense(double[] values, int columns, string prefix = "f")
    {
        var rows = values.Length / columns;
        var offsets = Enumerable.Range(0, rows + 1).Select(r => r * columns).ToArray();
        var indices = Enumerable.Range(0, values.Length).Select(i => i % columns).ToArray();
        return new FeatureMatrix(offsets, indices, values.Select(v => (float)v).ToArray(), Enumerable.Range(0, columns).Select(c => $"{prefix}{c}").ToArray());
    }

    /// <summary>A deterministic synthetic binary problem with a known linear structure.</summary>
    public static TrainingSet SyntheticBinary(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var trueWeights = Enumerable.Range(0, columns).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var values = new double[rows * columns];
        var labels = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            var z = 0.3;
            for (var c = 0; c < columns; c++)
            {
                var v = (random.NextDouble() * 2) - 1;
                values[(r * columns) + c] = (float)v;
                z += trueWeights[c] * (float)v * 3;
            }

            labels[r] = random.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0;
        }

        return new TrainingSet(Dense(values, columns), labels, TaskKind.BinaryClassification, 2);
    }

    public static TrainingSet Slice(TrainingSet set, int from, int to)
    {
        var x = set.Features;
        var start = x.RowOffsets[from];
        var offsets = x.RowOffsets[from..(to + 1)].Select(o => o - start).ToArray();
        return new TrainingSet(
            new FeatureMatrix(offsets, x.Indices[start..x.RowOffsets[to]], x.Values[start..x.RowOffsets[to]], x.ColumnNames),
            set.Labels[from..to],
            set.Task,
            set.ClassCount);
    }
}
