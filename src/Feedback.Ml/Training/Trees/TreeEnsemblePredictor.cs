namespace Feedback.Ml.Training.Trees;

/// <summary>A boosted tree ensemble: raw score = base score + the sum of the trees' leaf values, turned into
/// probabilities by a sigmoid (binary) or softmax (multiclass), or returned as is (regression). Immutable and
/// thread-safe; <see cref="Predict"/> allocates nothing.</summary>
/// <remarks>Trees are stored round by round; in multiclass models tree <c>t</c> scores class <c>t mod K</c>. Splits
/// compare raw feature values with real thresholds, so serving needs no bin tables.</remarks>
public sealed class TreeEnsemblePredictor : IPredictor
{
    /// <summary>The version of the payload written by <see cref="Save"/>.</summary>
    public const int PayloadVersion = 1;

    /// <summary>Rows with at most this many columns are densified on the stack; wider ones are searched.</summary>
    private const int DenseColumnLimit = 256;

    private readonly string[] _columnNames;
    private readonly double[] _baseScores;
    private readonly DecisionTree[] _trees;

    internal TreeEnsemblePredictor(TaskKind task, int classCount, string[] columnNames, double[] baseScores, DecisionTree[] trees)
    {
        Task = task;
        ClassCount = classCount;
        _columnNames = columnNames;
        _baseScores = baseScores;
        _trees = trees;
    }

    /// <inheritdoc />
    public TaskKind Task { get; }

    /// <summary>2 for binary, K for multiclass, 1 for regression (as in <see cref="TrainingSet.ClassCount"/>).</summary>
    public int ClassCount { get; }

    /// <inheritdoc />
    public int OutputCount => Task == TaskKind.Regression ? 1 : ClassCount;

    /// <inheritdoc />
    public IReadOnlyList<string> ColumnNames => _columnNames;

    /// <inheritdoc />
    public string FormatTag => "trees";

    /// <summary>Number of trees (rounds × <see cref="TreesPerRound"/>).</summary>
    public int TreeCount => _trees.Length;

    /// <summary>Trees added per boosting round: the class count for multiclass, otherwise 1.</summary>
    public int TreesPerRound => _baseScores.Length;

    /// <summary>Boosting rounds in the ensemble, including a warm-start parent's.</summary>
    public int RoundCount => _trees.Length / TreesPerRound;

    internal double[] BaseScores => _baseScores;

    internal DecisionTree[] Trees => _trees;

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<double> output)
    {
        if (indices.Length != values.Length)
        {
            throw new ArgumentException($"The row has {indices.Length} indices but {values.Length} values.", nameof(values));
        }

        if (output.Length < OutputCount)
        {
            throw new ArgumentException($"The output span holds {output.Length} numbers; this model writes {OutputCount}.", nameof(output));
        }

        Span<double> raw = stackalloc double[TreesPerRound <= 64 ? TreesPerRound : 0];
        if (raw.Length == 0)
        {
            // Only models with more than 64 classes take this allocating path.
            raw = new double[TreesPerRound];
        }

        RawScores(indices, values, raw);
        BoostingObjective.Link(Task, raw, output);
    }

    /// <summary>The raw scores (log-odds, class logits or the value) of one sparse row.</summary>
    internal void RawScores(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<double> raw)
    {
        if (_columnNames.Length <= DenseColumnLimit)
        {
            Span<float> dense = stackalloc float[_columnNames.Length];
            dense.Clear();
            for (var k = 0; k < indices.Length; k++)
            {
                if ((uint)indices[k] < (uint)dense.Length)
                {
                    dense[indices[k]] = values[k];
                }
            }

            Accumulate(new DenseRow(dense), raw);
        }
        else
        {
            Accumulate(new SparseRow(indices, values), raw);
        }
    }

    /// <summary>A copy that keeps only the newest <paramref name="maxRounds"/> boosting rounds and multiplies the kept
    /// trees' leaf values by <paramref name="shrinkage"/>: how a warm start lets an old world's trees fade instead of
    /// piling up (a continued ensemble otherwise grows by <see cref="GradientBoostedTreesOptions.Rounds"/> every
    /// generation). The base scores are kept.</summary>
    /// <param name="maxRounds">Rounds to keep, newest first; null keeps all.</param>
    /// <param name="shrinkage">Factor on the kept leaf values, greater than 0 and at most 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRounds"/> below 1 or <paramref name="shrinkage"/> outside (0, 1].</exception>
    public TreeEnsemblePredictor Shrink(int? maxRounds, double shrinkage)
    {
        if (maxRounds is { } rounds)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds, nameof(maxRounds));
        }

        if (!(shrinkage is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(shrinkage), shrinkage, "The shrinkage must be greater than 0 and at most 1.");
        }

        var keep = Math.Min(RoundCount, maxRounds ?? int.MaxValue) * TreesPerRound;
        var trees = _trees[(_trees.Length - keep)..];
        return new TreeEnsemblePredictor(Task, ClassCount, _columnNames, _baseScores, Array.ConvertAll(trees, t => t.Scale(shrinkage)));
    }

    /// <summary>Writes the payload: a version number, task, class count, column names, base scores and trees.</summary>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(PayloadVersion);
        writer.Write((int)Task);
        writer.Write(ClassCount);
        writer.Write(_columnNames.Length);
        foreach (var name in _columnNames)
        {
            writer.Write(name);
        }

        writer.Write(_baseScores.Length);
        foreach (var score in _baseScores)
        {
            writer.Write(score);
        }

        writer.Write(_trees.Length);
        foreach (var tree in _trees)
        {
            tree.Write(writer);
        }
    }

    /// <summary>Reads a payload written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">An unknown payload version or inconsistent content.</exception>
    public static TreeEnsemblePredictor Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var version = reader.ReadInt32();
        if (version != PayloadVersion)
        {
            throw new InvalidDataException($"Unknown tree ensemble payload version {version}; this build reads version {PayloadVersion}.");
        }

        var task = (TaskKind)reader.ReadInt32();
        var classCount = reader.ReadInt32();
        var expectedScores = task switch
        {
            TaskKind.BinaryClassification when classCount == 2 => 1,
            TaskKind.Regression when classCount == 1 => 1,
            TaskKind.MulticlassClassification when classCount >= 2 => classCount,
            _ => throw new InvalidDataException($"A tree ensemble for task {task} cannot have {classCount} classes."),
        };

        var columnNames = new string[ReadCount(reader, "column")];
        for (var i = 0; i < columnNames.Length; i++)
        {
            columnNames[i] = reader.ReadString();
        }

        var scoreCount = ReadCount(reader, "base score");
        if (scoreCount != expectedScores)
        {
            throw new InvalidDataException($"A {task} ensemble needs {expectedScores} base scores, not {scoreCount}.");
        }

        var baseScores = new double[scoreCount];
        for (var i = 0; i < scoreCount; i++)
        {
            baseScores[i] = reader.ReadDouble();
        }

        var trees = new DecisionTree[ReadCount(reader, "tree")];
        if (trees.Length % scoreCount != 0)
        {
            throw new InvalidDataException($"{trees.Length} trees is not a whole number of rounds of {scoreCount} trees.");
        }

        for (var i = 0; i < trees.Length; i++)
        {
            trees[i] = DecisionTree.Read(reader, columnNames.Length);
        }

        return new TreeEnsemblePredictor(task, classCount, columnNames, baseScores, trees);
    }

    private static int ReadCount(BinaryReader reader, string what)
    {
        var count = reader.ReadInt32();
        return count is >= 0 and <= 1 << 26 ? count : throw new InvalidDataException($"The payload claims {count} {what}s.");
    }

    private void Accumulate<TRow>(TRow row, Span<double> raw)
        where TRow : IRowValues, allows ref struct
    {
        _baseScores.CopyTo(raw);
        var perRound = _baseScores.Length;
        for (var t = 0; t < _trees.Length; t++)
        {
            raw[perRound == 1 ? 0 : t % perRound] += _trees[t].Evaluate(ref row);
        }
    }

    /// <summary>A row as a dense span of all its columns.</summary>
    private readonly ref struct DenseRow(ReadOnlySpan<float> values) : IRowValues
    {
        private readonly ReadOnlySpan<float> _values = values;

        public float ValueOf(int column) => _values[column];
    }

    /// <summary>A row as its sparse entries; a column not stored is 0.</summary>
    private readonly ref struct SparseRow(ReadOnlySpan<int> indices, ReadOnlySpan<float> values) : IRowValues
    {
        private readonly ReadOnlySpan<int> _indices = indices;
        private readonly ReadOnlySpan<float> _values = values;

        public float ValueOf(int column)
        {
            var at = _indices.BinarySearch(column);
            return at >= 0 ? _values[at] : 0f;
        }
    }
}
