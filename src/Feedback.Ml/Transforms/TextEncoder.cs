using Feedback.Ml.Data;
using Feedback.Ml.Schema;

namespace Feedback.Ml.Transforms;

/// <summary>Hashed word n-grams weighted by TF-IDF and L2-normalised per row, like scikit-learn's
/// <c>HashingVectorizer</c> followed by <c>TfidfTransformer(smooth_idf=True, norm="l2")</c>.</summary>
/// <remarks>
/// idf(b) = ln((1 + n) / (1 + df(b))) + 1 with n training rows and df(b) the rows containing bucket b. A bucket never
/// seen in training therefore gets df = 0, i.e. the largest idf, ln(1 + n) + 1: an unseen token still counts, as
/// scikit-learn would weigh it, instead of being dropped. Missing text is empty (no entries).
/// </remarks>
internal sealed class TextEncoder : FeatureEncoder
{
    public const byte Tag = 5;

    private readonly int[] _seenBuckets;
    private readonly float[] _seenIdf;
    private readonly float[] _idf;

    public TextEncoder(FeatureSpec spec, int hashBits, int maxNgram, bool lowercase, int trainingRows, int[] seenBuckets, float[] seenIdf)
        : base(spec)
    {
        HashBits = hashBits;
        MaxNgram = maxNgram;
        Lowercase = lowercase;
        TrainingRows = trainingRows;
        _seenBuckets = seenBuckets;
        _seenIdf = seenIdf;
        UnseenIdf = (float)(Math.Log(1.0 + trainingRows) + 1.0);

        // Dense idf for O(1) lookups while encoding; only the seen buckets are serialised.
        _idf = new float[1 << hashBits];
        Array.Fill(_idf, UnseenIdf);
        for (var i = 0; i < seenBuckets.Length; i++)
        {
            _idf[seenBuckets[i]] = seenIdf[i];
        }
    }

    public int HashBits { get; }

    public int MaxNgram { get; }

    public bool Lowercase { get; }

    public int TrainingRows { get; }

    /// <summary>The idf of a bucket that no training row contained.</summary>
    public float UnseenIdf { get; }

    public override int Width => 1 << HashBits;

    public override byte Kind => Tag;

    public override string ColumnName(int local) => $"{Spec.Name}#{local}";

    public override Action<int, SparseRowWriter, int> Bind(DataColumn column)
    {
        var values = ((TextColumn)column).Values;
        return (row, writer, offset) => Encode(values.Span[row], writer, offset);
    }

    public override string? EncodeRaw(object? raw, SparseRowWriter writer, int offset)
    {
        var problem = FeatureValues.ToText(raw, Spec.MaxLength, out var value);
        if (problem is null)
        {
            Encode(value, writer, offset);
        }

        return problem;
    }

    public void Encode(string? text, SparseRowWriter writer, int offset)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var scratch = writer.Scratch;
        var count = TextHashing.AppendBuckets(text, HashBits, MaxNgram, Lowercase, ref scratch);
        writer.Scratch = scratch;
        if (count == 0)
        {
            return;
        }

        var buckets = scratch.AsSpan(0, count);
        buckets.Sort();
        var start = writer.Count;
        var sumOfSquares = 0.0;
        for (var i = 0; i < count;)
        {
            var bucket = buckets[i];
            var run = i;
            while (i < count && buckets[i] == bucket)
            {
                i++;
            }

            var weight = (i - run) * (double)_idf[bucket];
            sumOfSquares += weight * weight;
            writer.Add(offset + bucket, (float)weight);
        }

        var inverseNorm = 1.0 / Math.Sqrt(sumOfSquares);
        var values = writer.Values[start..];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(values[i] * inverseNorm);
        }
    }

    public override void Save(BinaryWriter writer)
    {
        writer.Write((byte)HashBits);
        writer.Write((byte)MaxNgram);
        writer.Write(Lowercase);
        writer.Write(TrainingRows);
        writer.Write(_seenBuckets.Length);
        var previous = 0;
        for (var i = 0; i < _seenBuckets.Length; i++)
        {
            writer.Write7BitEncodedInt(_seenBuckets[i] - previous);
            previous = _seenBuckets[i];
            writer.Write(_seenIdf[i]);
        }
    }

    public static TextEncoder Load(FeatureSpec spec, BinaryReader reader)
    {
        var bits = reader.ReadByte();
        var maxNgram = reader.ReadByte();
        var lowercase = reader.ReadBoolean();
        var rows = reader.ReadInt32();
        var count = reader.ReadInt32();
        var buckets = new int[count];
        var idf = new float[count];
        var previous = 0;
        for (var i = 0; i < count; i++)
        {
            previous += reader.Read7BitEncodedInt();
            buckets[i] = previous;
            idf[i] = reader.ReadSingle();
        }

        return new TextEncoder(spec, bits, maxNgram, lowercase, rows, buckets, idf);
    }

    /// <summary>Fits document frequencies on a training column.</summary>
    public static TextEncoder Fit(TextColumn column, int hashBits, int maxNgram, bool lowercase)
    {
        var df = new int[1 << hashBits];
        var scratch = new int[64];
        foreach (var text in column.Values.Span)
        {
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            var count = TextHashing.AppendBuckets(text, hashBits, maxNgram, lowercase, ref scratch);
            var buckets = scratch.AsSpan(0, count);
            buckets.Sort();
            for (var i = 0; i < count; i++)
            {
                if (i == 0 || buckets[i] != buckets[i - 1])
                {
                    df[buckets[i]]++;
                }
            }
        }

        var n = column.Count;
        var seen = Enumerable.Range(0, df.Length).Where(b => df[b] > 0).ToArray();
        var idf = seen.Select(b => (float)(Math.Log((1.0 + n) / (1.0 + df[b])) + 1.0)).ToArray();
        return new TextEncoder(column.Spec, hashBits, maxNgram, lowercase, n, seen, idf);
    }
}
