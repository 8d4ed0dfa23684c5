using System.Globalization;
using Feedback.Ml.Data;
using Feedback.Ml.Schema;

namespace Feedback.Ml.Transforms;

/// <summary>The fitted encoding of one feature into a contiguous block of model columns.</summary>
/// <remarks>Batch and serving rows share the typed <c>Encode</c> methods of each encoder: a batch column is read into
/// the same typed value (double, vocabulary index, string, 0/1) that <see cref="FeatureValues"/> makes of a raw serving
/// value, so training and serving encode identically.</remarks>
internal abstract class FeatureEncoder(FeatureSpec spec)
{
    public FeatureSpec Spec { get; } = spec;

    /// <summary>Number of columns in the block.</summary>
    public abstract int Width { get; }

    /// <summary>Serialisation tag of the encoder kind.</summary>
    public abstract byte Kind { get; }

    /// <summary>The stable name of a column within the block.</summary>
    public abstract string ColumnName(int local);

    /// <summary>Binds to a batch column (for example, mapping its dictionary codes to vocabulary indices once).</summary>
    public abstract Action<int, SparseRowWriter, int> Bind(DataColumn column);

    /// <summary>Encodes a raw serving value; returns a problem description when it is invalid.</summary>
    public abstract string? EncodeRaw(object? raw, SparseRowWriter writer, int offset);

    /// <summary>Writes the fitted state (after the kind tag and feature name, which the transform writes).</summary>
    public abstract void Save(BinaryWriter writer);

    protected static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>Standardisation: (x − mean) / std, with missing values imputed to the mean.</summary>
internal sealed class StandardizeEncoder(FeatureSpec spec, double mean, double scale) : FeatureEncoder(spec)
{
    public const byte Tag = 1;

    public double Mean { get; } = mean;

    /// <summary>Population standard deviation of the training values, or 1 when they are constant.</summary>
    public double Scale { get; } = scale;

    public override int Width => 1;

    public override byte Kind => Tag;

    public override string ColumnName(int local) => Spec.Name;

    public override Action<int, SparseRowWriter, int> Bind(DataColumn column)
    {
        var values = ((NumericColumn)column).Values;
        return (row, writer, offset) => Encode(values.Span[row], writer, offset);
    }

    public override string? EncodeRaw(object? raw, SparseRowWriter writer, int offset)
    {
        var problem = FeatureValues.ToNumber(raw, out var value);
        if (problem is null)
        {
            Encode(value, writer, offset);
        }

        return problem;
    }

    public void Encode(double value, SparseRowWriter writer, int offset)
    {
        var z = double.IsNaN(value) ? 0f : (float)((value - Mean) / Scale);
        if (z != 0f)
        {
            writer.Add(offset, z);
        }
    }

    public override void Save(BinaryWriter writer)
    {
        writer.Write(Mean);
        writer.Write(Scale);
    }

    public static StandardizeEncoder Load(FeatureSpec spec, BinaryReader reader) => new(spec, reader.ReadDouble(), reader.ReadDouble());
}

/// <summary>Quantile bucketing: one-hot over buckets whose edges are training quantiles; missing → the mean's bucket.</summary>
internal sealed class QuantileEncoder(FeatureSpec spec, double mean, double[] edges) : FeatureEncoder(spec)
{
    public const byte Tag = 2;

    public double Mean { get; } = mean;

    /// <summary>Strictly increasing edges; bucket b holds edges[b−1] ≤ x &lt; edges[b].</summary>
    public IReadOnlyList<double> Edges => edges;

    public override int Width => edges.Length + 1;

    public override byte Kind => Tag;

    public override string ColumnName(int local) => $"{Spec.Name}#q{local}";

    public override Action<int, SparseRowWriter, int> Bind(DataColumn column)
    {
        var values = ((NumericColumn)column).Values;
        return (row, writer, offset) => Encode(values.Span[row], writer, offset);
    }

    public override string? EncodeRaw(object? raw, SparseRowWriter writer, int offset)
    {
        var problem = FeatureValues.ToNumber(raw, out var value);
        if (problem is null)
        {
            Encode(value, writer, offset);
        }

        return problem;
    }

    public void Encode(double value, SparseRowWriter writer, int offset) => writer.Add(offset + BucketOf(double.IsNaN(value) ? Mean : value), 1f);

    public int BucketOf(double value)
    {
        // Upper bound: the number of edges ≤ value.
        int lo = 0, hi = edges.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (edges[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    public override void Save(BinaryWriter writer)
    {
        writer.Write(Mean);
        writer.Write(edges.Length);
        foreach (var edge in edges)
        {
            writer.Write(edge);
        }
    }

    public static QuantileEncoder Load(FeatureSpec spec, BinaryReader reader)
    {
        var mean = reader.ReadDouble();
        var edges = new double[reader.ReadInt32()];
        for (var i = 0; i < edges.Length; i++)
        {
            edges[i] = reader.ReadDouble();
        }

        return new QuantileEncoder(spec, mean, edges);
    }

    /// <summary>Edges at the k/n quantiles (linear interpolation between order statistics, numpy's default), deduplicated.</summary>
    public static double[] FitEdges(double[] sorted, int buckets)
    {
        var edges = new List<double>(buckets);
        for (var k = 1; k < buckets && sorted.Length > 0; k++)
        {
            var position = (double)k / buckets * (sorted.Length - 1);
            var below = (int)Math.Floor(position);
            var above = Math.Min(below + 1, sorted.Length - 1);
            var edge = sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }

        return [.. edges];
    }
}

/// <summary>Boolean: one column, 1 for true, 0 for false or missing.</summary>
internal sealed class BooleanEncoder(FeatureSpec spec) : FeatureEncoder(spec)
{
    public const byte Tag = 3;

    public override int Width => 1;

    public override byte Kind => Tag;

    public override string ColumnName(int local) => Spec.Name;

    public override Action<int, SparseRowWriter, int> Bind(DataColumn column)
    {
        var values = ((BooleanColumn)column).Values;
        return (row, writer, offset) => Encode(values.Span[row], writer, offset);
    }

    public override string? EncodeRaw(object? raw, SparseRowWriter writer, int offset)
    {
        var problem = FeatureValues.ToBoolean(raw, out var value);
        if (problem is null)
        {
            Encode(value, writer, offset);
        }

        return problem;
    }

    public static void Encode(sbyte value, SparseRowWriter writer, int offset)
    {
        if (value == 1)
        {
            writer.Add(offset, 1f);
        }
    }

    public override void Save(BinaryWriter writer)
    {
    }
}
