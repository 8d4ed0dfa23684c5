using Feedback.Ml.Data;
using Feedback.Ml.Training;

namespace Feedback.Ml.Tests.Trees;

/// <summary>Small deterministic data sets with known structure for the tree tests.</summary>
internal static class TreeData
{
    /// <summary>Dense rows of uniform(−1, 1) features, zeros dropped as absent entries.</summary>
    public static FeatureMatrix Uniform(int rows, int columns, int seed, string prefix = "x")
    {
        var random = new Random(seed);
        var dense = new float[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                dense[r, c] = (float)(random.NextDouble() * 2 - 1);
            }
        }

        return FromDense(dense, Enumerable.Range(0, columns).Select(c => $"{prefix}{c}").ToArray());
    }

    public static FeatureMatrix FromDense(float[,] dense, string[] names)
    {
        var offsets = new List<int> { 0 };
        var indices = new List<int>();
        var values = new List<float>();
        for (var r = 0; r < dense.GetLength(0); r++)
        {
            for (var c = 0; c < dense.GetLength(1); c++)
            {
                if (dense[r, c] != 0)
                {
                    indices.Add(c);
                    values.Add(dense[r, c]);
                }
            }

            offsets.Add(indices.Count);
        }

        return new FeatureMatrix([.. offsets], [.. indices], [.. values], names);
    }

    public static float Value(FeatureMatrix matrix, int row, int column)
    {
        var at = matrix.RowIndices(row).IndexOf(column);
        return at >= 0 ? matrix.RowValues(row)[at] : 0f;
    }

    /// <summary>XOR of the signs of x0 and x1 (no single feature carries signal); x2..x4 are noise.</summary>
    public static TrainingSet Xor(int rows, int seed)
    {
        var matrix = Uniform(rows, 5, seed);
        var labels = Enumerable.Range(0, rows).Select(r => Value(matrix, r, 0) * Value(matrix, r, 1) > 0 ? 1.0 : 0.0).ToArray();
        return new TrainingSet(matrix, labels, TaskKind.BinaryClassification, 2);
    }

    /// <summary>Class = which third of (−1, 1) x1 falls in; x0 and x2 are noise.</summary>
    public static TrainingSet Thirds(int rows, int seed)
    {
        var matrix = Uniform(rows, 3, seed);
        var labels = Enumerable.Range(0, rows).Select(r => Value(matrix, r, 1) switch { < -1f / 3 => 0.0, < 1f / 3 => 1.0, _ => 2.0 }).ToArray();
        return new TrainingSet(matrix, labels, TaskKind.MulticlassClassification, 3);
    }

    /// <summary>y = 3·sin(π·x0) + 2·x1² + 1[x2 &gt; 0.3]; x3 is noise.</summary>
    public static TrainingSet SmoothRegression(int rows, int seed)
    {
        var matrix = Uniform(rows, 4, seed);
        var labels = Enumerable.Range(0, rows).Select(r => Target(Value(matrix, r, 0), Value(matrix, r, 1), Value(matrix, r, 2))).ToArray();
        return new TrainingSet(matrix, labels, TaskKind.Regression, 1);
    }

    public static double Target(double x0, double x1, double x2) => 3 * Math.Sin(Math.PI * x0) + 2 * x1 * x1 + (x2 > 0.3 ? 1 : 0);

    public static double[] Outputs(IPredictor predictor, FeatureMatrix matrix)
    {
        var result = new double[matrix.RowCount * predictor.OutputCount];
        for (var r = 0; r < matrix.RowCount; r++)
        {
            predictor.Predict(matrix.RowIndices(r), matrix.RowValues(r), result.AsSpan(r * predictor.OutputCount, predictor.OutputCount));
        }

        return result;
    }

    /// <summary>Fraction of rows whose most probable class is the label.</summary>
    public static double Accuracy(IPredictor predictor, TrainingSet data)
    {
        var outputs = Outputs(predictor, data.Features);
        var k = predictor.OutputCount;
        var correct = 0;
        for (var r = 0; r < data.RowCount; r++)
        {
            var row = outputs.AsSpan(r * k, k);
            correct += row.IndexOf(row.ToArray().Max()) == (int)data.Labels[r] ? 1 : 0;
        }

        return correct / (double)data.RowCount;
    }

    /// <summary>Mean binary log-loss of the predictor on <paramref name="data"/>.</summary>
    public static double LogLoss(IPredictor predictor, TrainingSet data)
    {
        var outputs = Outputs(predictor, data.Features);
        return Enumerable.Range(0, data.RowCount).Average(r => -Math.Log(outputs[r * 2 + (int)data.Labels[r]]));
    }

    public static byte[] Serialize(IPredictor predictor)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            predictor.Save(writer);
        }

        return stream.ToArray();
    }
}
