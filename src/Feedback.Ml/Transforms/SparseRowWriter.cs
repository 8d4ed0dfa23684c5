namespace Feedback.Ml.Transforms;

/// <summary>Collects the sparse entries of one or more rows in column order, plus scratch space for the text encoder.
/// One instance per thread.</summary>
internal sealed class SparseRowWriter
{
    private int[] _indices = new int[64];
    private float[] _values = new float[64];

    public int Count { get; private set; }

    public int[] Scratch { get; set; } = new int[64];

    public Span<int> Indices => _indices.AsSpan(0, Count);

    public Span<float> Values => _values.AsSpan(0, Count);

    public void Add(int index, float value)
    {
        if (Count == _indices.Length)
        {
            Array.Resize(ref _indices, Count * 2);
            Array.Resize(ref _values, Count * 2);
        }

        _indices[Count] = index;
        _values[Count] = value;
        Count++;
    }

    public void Clear() => Count = 0;
}
