using Feedback.Ml.Data;
using Feedback.Ml.Training;

namespace Feedback.Bench.Trees;

/// <summary>A train/test split exported by sklearn_side.py (see its docstring for the binary layout).</summary>
internal sealed record BenchDataset(string Name, TrainingSet Train, FeatureMatrix Test, double[] TestLabels)
{
    public static BenchDataset Read(string name, string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var trainRows = reader.ReadInt32();
        var testRows = reader.ReadInt32();
        var features = reader.ReadInt32();
        var task = reader.ReadInt32() switch
        {
            0 => TaskKind.BinaryClassification,
            1 => TaskKind.MulticlassClassification,
            _ => TaskKind.Regression,
        };
        var classes = reader.ReadInt32();
        var columns = Enumerable.Range(0, features).Select(i => $"x{i}").ToArray();
        var train = ReadMatrix(reader, trainRows, features, columns);
        var trainLabels = ReadDoubles(reader, trainRows);
        var test = ReadMatrix(reader, testRows, features, columns);
        var testLabels = ReadDoubles(reader, testRows);
        return new BenchDataset(name, new TrainingSet(train, trainLabels, task, classes), test, testLabels);
    }

    /// <summary>The first <paramref name="rows"/> training rows as a training set (for the warm-start parent).</summary>
    public TrainingSet FirstTrainingRows(int rows)
    {
        var m = Train.Features;
        var end = m.RowOffsets[rows];
        var matrix = new FeatureMatrix(m.RowOffsets[..(rows + 1)], m.Indices[..end], m.Values[..end], m.ColumnNames);
        return new TrainingSet(matrix, Train.Labels[..rows], Train.Task, Train.ClassCount);
    }

    /// <summary>Reads a dense row-major block into CSR, dropping zeros (which the trainers treat as absent).</summary>
    private static FeatureMatrix ReadMatrix(BinaryReader reader, int rows, int features, string[] columns)
    {
        var dense = new float[features];
        var bytes = new byte[features * sizeof(float)];
        var offsets = new int[rows + 1];
        var indices = new List<int>(rows * features);
        var values = new List<float>(rows * features);
        for (var r = 0; r < rows; r++)
        {
            reader.BaseStream.ReadExactly(bytes);
            Buffer.BlockCopy(bytes, 0, dense, 0, bytes.Length);
            for (var c = 0; c < features; c++)
            {
                if (dense[c] != 0)
                {
                    indices.Add(c);
                    values.Add(dense[c]);
                }
            }

            offsets[r + 1] = indices.Count;
        }

        return new FeatureMatrix(offsets, [.. indices], [.. values], columns);
    }

    private static double[] ReadDoubles(BinaryReader reader, int count)
    {
        var bytes = new byte[count * sizeof(double)];
        reader.BaseStream.ReadExactly(bytes);
        var result = new double[count];
        Buffer.BlockCopy(bytes, 0, result, 0, bytes.Length);
        return result;
    }
}
