using Feedback.Ml.Data;

namespace Feedback.Ml.Training.Linear;

/// <summary>A trained linear model: logistic (binary, sigmoid) or multinomial (softmax) regression over named columns.
/// Immutable and thread-safe.</summary>
public sealed class LinearPredictor : IPredictor
{
    /// <summary>The <see cref="IPredictor.FormatTag"/> of linear models.</summary>
    public const string Tag = "linear";

    // Payload versions (read by Load): 1 = initial.
    private const int PayloadVersion = 1;

    // Feature-major: _theta[j * K + k] is column j's weight for output k; the K intercepts follow the last column.
    private readonly double[] _theta;

    internal LinearPredictor(TaskKind task, int classCount, IReadOnlyList<string> columnNames, double[] theta)
    {
        if (task == TaskKind.Regression)
        {
            throw new ArgumentOutOfRangeException(nameof(task), task, "A logistic model cannot be a regression model.");
        }

        Task = task;
        OutputCount = classCount;
        ColumnNames = columnNames;
        WeightVectorCount = task == TaskKind.BinaryClassification ? 1 : classCount;
        _theta = theta;
        if (theta.Length != (columnNames.Count + 1) * WeightVectorCount)
        {
            throw new ArgumentException($"Expected {(columnNames.Count + 1) * WeightVectorCount} parameters, got {theta.Length}.", nameof(theta));
        }
    }

    /// <inheritdoc />
    public TaskKind Task { get; }

    /// <inheritdoc />
    public int OutputCount { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> ColumnNames { get; }

    /// <inheritdoc />
    public string FormatTag => Tag;

    /// <summary>Number of weight vectors: 1 for binary (the positive class's log-odds), the class count for multiclass.</summary>
    public int WeightVectorCount { get; }

    /// <summary>The weight of a column in one weight vector.</summary>
    public double GetWeight(int vector, int column) => _theta[(column * WeightVectorCount) + vector];

    /// <summary>The intercept of one weight vector.</summary>
    public double GetBias(int vector) => _theta[(ColumnNames.Count * WeightVectorCount) + vector];

    /// <summary>The raw parameters (feature-major, intercepts last), for warm starts.</summary>
    internal ReadOnlySpan<double> Parameters => _theta;

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<double> output)
    {
        if (output.Length < OutputCount)
        {
            throw new ArgumentException($"The output needs room for {OutputCount} values.", nameof(output));
        }

        var k = WeightVectorCount;
        var interceptOffset = ColumnNames.Count * k;
        if (k == 1)
        {
            var z = _theta[interceptOffset];
            for (var e = 0; e < indices.Length; e++)
            {
                z += _theta[indices[e]] * values[e];
            }

            var p = LogisticObjective.Sigmoid(z);
            output[0] = 1 - p;
            output[1] = p;
            return;
        }

        var scores = output[..k];
        _theta.AsSpan(interceptOffset, k).CopyTo(scores);
        for (var e = 0; e < indices.Length; e++)
        {
            var w = _theta.AsSpan(indices[e] * k, k);
            for (var c = 0; c < k; c++)
            {
                scores[c] += w[c] * values[e];
            }
        }

        LogisticObjective.Softmax(scores);
    }

    /// <summary>Scores every row of a matrix: row-major, <see cref="OutputCount"/> values per row.</summary>
    public double[] PredictAll(FeatureMatrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var output = new double[features.RowCount * OutputCount];
        Parallel.For(0, features.RowCount, row =>
            Predict(features.RowIndices(row), features.RowValues(row), output.AsSpan(row * OutputCount, OutputCount)));
        return output;
    }

    // Binary format (payload, after the bundle's format tag):
    //   int32 payload version; byte task; int32 class count; int32 column count;
    //   column names, front-coded (7-bit length of the prefix shared with the previous name, then the rest as a string);
    //   int32 count of columns with any non-zero weight; per such column: 7-bit gap to the previous such column,
    //   then K doubles; then the K intercepts (doubles).
    // Front coding and skipping all-zero columns keep hashed-text models (2^18 columns, most never seen) small.

    /// <inheritdoc />
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var k = WeightVectorCount;
        var columns = ColumnNames.Count;
        writer.Write(PayloadVersion);
        writer.Write((byte)Task);
        writer.Write(OutputCount);
        writer.Write(columns);
        var previous = string.Empty;
        foreach (var name in ColumnNames)
        {
            var shared = 0;
            var limit = Math.Min(previous.Length, name.Length);
            while (shared < limit && previous[shared] == name[shared])
            {
                shared++;
            }

            writer.Write7BitEncodedInt(shared);
            writer.Write(name[shared..]);
            previous = name;
        }

        var nonZero = Enumerable.Range(0, columns).Where(j => _theta.AsSpan(j * k, k).ContainsAnyExcept(0.0)).ToArray();
        writer.Write(nonZero.Length);
        var last = 0;
        foreach (var j in nonZero)
        {
            writer.Write7BitEncodedInt(j - last);
            last = j;
            foreach (var w in _theta.AsSpan(j * k, k))
            {
                writer.Write(w);
            }
        }

        foreach (var b in _theta.AsSpan(columns * k, k))
        {
            writer.Write(b);
        }
    }

    /// <summary>Reads a predictor written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The payload is from a newer version or corrupt.</exception>
    public static LinearPredictor Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var version = reader.ReadInt32();
        if (version is < 1 or > PayloadVersion)
        {
            throw new InvalidDataException($"The linear model has payload version {version}; this reader understands 1 to {PayloadVersion}.");
        }

        var task = (TaskKind)reader.ReadByte();
        var classCount = reader.ReadInt32();
        var columns = reader.ReadInt32();
        if (task is not (TaskKind.BinaryClassification or TaskKind.MulticlassClassification) || classCount < 2 || columns < 0)
        {
            throw new InvalidDataException($"The linear model header is corrupt (task {task}, {classCount} classes, {columns} columns).");
        }

        var names = new string[columns];
        var previous = string.Empty;
        for (var j = 0; j < columns; j++)
        {
            var shared = reader.Read7BitEncodedInt();
            previous = names[j] = string.Concat(previous.AsSpan(0, shared), reader.ReadString());
        }

        var k = task == TaskKind.BinaryClassification ? 1 : classCount;
        var theta = new double[(columns + 1) * k];
        var nonZero = reader.ReadInt32();
        var column = 0;
        for (var i = 0; i < nonZero; i++)
        {
            column += reader.Read7BitEncodedInt();
            for (var c = 0; c < k; c++)
            {
                theta[(column * k) + c] = reader.ReadDouble();
            }
        }

        for (var c = 0; c < k; c++)
        {
            theta[(columns * k) + c] = reader.ReadDouble();
        }

        return new LinearPredictor(task, classCount, names, theta);
    }
}
