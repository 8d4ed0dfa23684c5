using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Feedback.Ml.Training.Trees;

/// <summary>Gradient and hessian sums and the row count of one bin of one feature in one node.</summary>
internal struct HistogramBin
{
    public double Gradient;
    public double Hessian;
    public int Count;
}

/// <summary>Builds a node's per-feature histograms of gradient/hessian sums. One feature's histogram is always built
/// by one thread from rows in a fixed order, so the sums (and the model) do not depend on scheduling or core count.</summary>
internal sealed class HistogramBuilder
{
    /// <summary>Below this many (rows × features) cells, threading costs more than it saves.</summary>
    private const int ParallelThreshold = 64 * 1024;

    private readonly BinnedMatrix _bins;
    private readonly ParallelOptions _parallel;
    private readonly float[] _orderedGradients;
    private readonly float[] _orderedHessians;

    public HistogramBuilder(BinnedMatrix bins, int rowCount, ParallelOptions parallel)
    {
        _bins = bins;
        _parallel = parallel;
        _orderedGradients = new float[rowCount];
        _orderedHessians = new float[rowCount];
    }

    /// <summary>Length of one node histogram (all features' bins back to back).</summary>
    public int Length => _bins.HistogramOffsets[^1];

    /// <summary>Fills <paramref name="histogram"/> for <paramref name="features"/> from the node's rows
    /// <paramref name="rows"/>[start..start+count), which are sorted ascending.</summary>
    public void Build(HistogramBin[] histogram, int[] features, int[] rows, int start, int count, float[] gradients, float[] hessians)
    {
        // Gather the node's gradients once into contiguous arrays (as sklearn does), so the per-feature loops stream
        // them; only the bin column is then read at scattered (but increasing) positions.
        var orderedGradients = _orderedGradients;
        var orderedHessians = _orderedHessians;
        FixedChunks.For(count, _parallel, (from, to) =>
        {
            for (var k = from; k < to; k++)
            {
                var row = rows[start + k];
                orderedGradients[k] = gradients[row];
                orderedHessians[k] = hessians[row];
            }
        });

        if ((long)count * features.Length < ParallelThreshold)
        {
            foreach (var feature in features)
            {
                BuildFeature(histogram, feature, rows, start, count);
            }
        }
        else
        {
            Parallel.For(0, features.Length, _parallel, i => BuildFeature(histogram, features[i], rows, start, count));
        }
    }

    /// <summary>Sets <paramref name="larger"/> = <paramref name="parent"/> − <paramref name="smaller"/> over
    /// <paramref name="features"/>: the histogram-subtraction trick, which builds only the smaller child from rows.</summary>
    public void Subtract(HistogramBin[] parent, HistogramBin[] smaller, HistogramBin[] larger, int[] features)
    {
        var offsets = _bins.HistogramOffsets;
        foreach (var feature in features)
        {
            for (var b = offsets[feature]; b < offsets[feature + 1]; b++)
            {
                larger[b].Gradient = parent[b].Gradient - smaller[b].Gradient;
                larger[b].Hessian = parent[b].Hessian - smaller[b].Hessian;
                larger[b].Count = parent[b].Count - smaller[b].Count;
            }
        }
    }

    private void BuildFeature(HistogramBin[] histogram, int feature, int[] rows, int start, int count)
    {
        var offset = _bins.HistogramOffsets[feature];
        var span = histogram.AsSpan(offset, _bins.HistogramOffsets[feature + 1] - offset);
        span.Clear();
        if (count == 0)
        {
            return;
        }

        // The hot loop of training. Bounds checks are removed by hand: rows are valid row indices (the trainer builds
        // them) and every byte in the column is a bin index below the column's bin count (BinnedMatrix builds it).
        var column = _bins.Columns[feature];
        _ = rows[start + count - 1];
        _ = column[column.Length - 1];
        ref var bins = ref MemoryMarshal.GetReference(span);
        ref var columnStart = ref MemoryMarshal.GetArrayDataReference(column);
        ref var rowStart = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(rows), start);
        ref var gradient = ref MemoryMarshal.GetArrayDataReference(_orderedGradients);
        ref var hessian = ref MemoryMarshal.GetArrayDataReference(_orderedHessians);
        for (var k = 0; k < count; k++)
        {
            ref var bin = ref Unsafe.Add(ref bins, Unsafe.Add(ref columnStart, Unsafe.Add(ref rowStart, k)));
            bin.Gradient += Unsafe.Add(ref gradient, k);
            bin.Hessian += Unsafe.Add(ref hessian, k);
            bin.Count++;
        }
    }
}
