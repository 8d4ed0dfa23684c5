using System.Runtime.InteropServices;
using Feedback.Ml.Data;
using Feedback.Ml.Training;

namespace Feedback.Bench.Linear;

/// <summary>Reads the CSR matrices that sklearn_reference.py writes (format in its docstring).</summary>
internal static class MatrixFile
{
    public static TrainingSet Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        if (!reader.ReadBytes(4).AsSpan().SequenceEqual("FBMX"u8))
        {
            throw new InvalidDataException($"{path} is not a benchmark matrix file.");
        }

        var rows = reader.ReadInt32();
        var columns = reader.ReadInt32();
        var classes = reader.ReadInt32();
        var nnz = checked((int)reader.ReadInt64());
        var offsets = ReadArray<long>(reader, rows + 1).Select(o => checked((int)o)).ToArray();
        var indices = ReadArray<int>(reader, nnz);
        var values = ReadArray<float>(reader, nnz);
        var labels = ReadArray<double>(reader, rows);
        var names = Enumerable.Range(0, columns).Select(c => $"x{c}").ToArray();
        var task = classes == 2 ? TaskKind.BinaryClassification : TaskKind.MulticlassClassification;
        return new TrainingSet(new FeatureMatrix(offsets, indices, values, names), labels, task, classes);
    }

    private static T[] ReadArray<T>(BinaryReader reader, int count)
        where T : struct
    {
        var result = new T[count];
        var bytes = MemoryMarshal.AsBytes(result.AsSpan());
        var read = 0;
        while (read < bytes.Length)
        {
            var n = reader.Read(bytes[read..]);
            if (n == 0)
            {
                throw new EndOfStreamException();
            }

            read += n;
        }

        return result;
    }
}
