namespace Feedback.Ml.Training.Trees;

/// <summary>One regression tree as flat arrays. Internal node <c>i</c> sends a row left when its value in column
/// <see cref="Feature"/>[i] is ≤ <see cref="Threshold"/>[i]. A child reference ≥ 0 is an internal node; a negative
/// one, <c>~leaf</c>, is a leaf. Children always have larger indices than their parent (nodes are numbered in the
/// order they were split), which <see cref="Validate"/> checks so a loaded tree cannot loop.</summary>
internal sealed class DecisionTree
{
    public DecisionTree(int[] feature, float[] threshold, int[] left, int[] right, double[] leafValues)
    {
        Feature = feature;
        Threshold = threshold;
        Left = left;
        Right = right;
        LeafValues = leafValues;
    }

    public int[] Feature { get; }

    public float[] Threshold { get; }

    public int[] Left { get; }

    public int[] Right { get; }

    public double[] LeafValues { get; }

    public int InternalCount => Feature.Length;

    /// <summary>The leaf value that <paramref name="row"/> reaches.</summary>
    public double Evaluate<TRow>(ref TRow row)
        where TRow : IRowValues, allows ref struct
    {
        if (Feature.Length == 0)
        {
            return LeafValues[0];
        }

        var node = 0;
        while (true)
        {
            node = row.ValueOf(Feature[node]) <= Threshold[node] ? Left[node] : Right[node];
            if (node < 0)
            {
                return LeafValues[~node];
            }
        }
    }

    /// <summary>The same tree with each split's column replaced by <paramref name="columnMap"/>[column].</summary>
    public DecisionTree RemapColumns(int[] columnMap) =>
        new(Array.ConvertAll(Feature, f => columnMap[f]), Threshold, Left, Right, LeafValues);

    /// <summary>The same tree with every leaf value multiplied by <paramref name="factor"/>.</summary>
    public DecisionTree Scale(double factor) =>
        factor == 1 ? this : new(Feature, Threshold, Left, Right, Array.ConvertAll(LeafValues, v => v * factor));

    public void Write(BinaryWriter writer)
    {
        writer.Write(Feature.Length);
        for (var i = 0; i < Feature.Length; i++)
        {
            writer.Write(Feature[i]);
            writer.Write(Threshold[i]);
            writer.Write(Left[i]);
            writer.Write(Right[i]);
        }

        writer.Write(LeafValues.Length);
        foreach (var value in LeafValues)
        {
            writer.Write(value);
        }
    }

    public static DecisionTree Read(BinaryReader reader, int columnCount)
    {
        var internalCount = reader.ReadInt32();
        if (internalCount is < 0 or > 1 << 24)
        {
            throw new InvalidDataException($"A tree claims {internalCount} internal nodes.");
        }

        var feature = new int[internalCount];
        var threshold = new float[internalCount];
        var left = new int[internalCount];
        var right = new int[internalCount];
        for (var i = 0; i < internalCount; i++)
        {
            feature[i] = reader.ReadInt32();
            threshold[i] = reader.ReadSingle();
            left[i] = reader.ReadInt32();
            right[i] = reader.ReadInt32();
        }

        var leafCount = reader.ReadInt32();
        if (leafCount != internalCount + 1)
        {
            throw new InvalidDataException($"A tree with {internalCount} internal nodes must have {internalCount + 1} leaves, not {leafCount}.");
        }

        var leaves = new double[leafCount];
        for (var i = 0; i < leafCount; i++)
        {
            leaves[i] = reader.ReadDouble();
        }

        var tree = new DecisionTree(feature, threshold, left, right, leaves);
        tree.Validate(columnCount);
        return tree;
    }

    private void Validate(int columnCount)
    {
        for (var i = 0; i < Feature.Length; i++)
        {
            if ((uint)Feature[i] >= (uint)columnCount || float.IsNaN(Threshold[i]) || !ValidChild(i, Left[i]) || !ValidChild(i, Right[i]))
            {
                throw new InvalidDataException($"Tree node {i} is corrupt (column {Feature[i]}, children {Left[i]} and {Right[i]}).");
            }
        }

        bool ValidChild(int parent, int child) => child < 0 ? ~child < LeafValues.Length : child > parent && child < Feature.Length;
    }
}

/// <summary>Column values of one row, as a struct so tree evaluation is inlined per row representation.</summary>
internal interface IRowValues
{
    float ValueOf(int column);
}
