using Feedback.Ml.Data;
using Feedback.Ml.Schema;

namespace Feedback.Ml.Transforms;

/// <summary>A fitted, immutable feature transform: turns <see cref="TabularData"/> (training or serving) or a single raw
/// row into a sparse <see cref="FeatureMatrix"/> with stable column names. Thread-safe.</summary>
/// <remarks>Column names: <c>amount</c> (standardised numeric), <c>amount#q3</c> (quantile bucket),
/// <c>country=DE</c> and <c>country=&lt;oov&gt;</c> (categorical), <c>text#123456</c> (hashed text n-gram),
/// <c>premium</c> (boolean).</remarks>
public sealed class FittedTransform
{
    // Transform payload versions: 1 = initial (standardise, quantile, boolean, categorical, text encoders).
    private const int FormatVersion = 1;

    private readonly FeatureEncoder[] _encoders;
    private readonly int[] _offsets;

    internal FittedTransform(FeatureSchema schema, IEnumerable<FeatureEncoder> encoders)
    {
        Schema = schema;
        _encoders = encoders.ToArray();
        _offsets = new int[_encoders.Length + 1];
        for (var i = 0; i < _encoders.Length; i++)
        {
            _offsets[i + 1] = checked(_offsets[i] + _encoders[i].Width);
        }

        ColumnNames = new FeatureColumnNames(_encoders, _offsets);
    }

    /// <summary>The schema the transform was fitted on.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>Names of the output columns (generated on access; text blocks are large).</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>Number of output columns.</summary>
    public int ColumnCount => _offsets[^1];

    internal IReadOnlyList<FeatureEncoder> Encoders => _encoders;

    /// <summary>Transforms a batch. Columns are matched to the fitted features by name.</summary>
    /// <exception cref="ArgumentException">A fitted feature is absent from the data or has another type.</exception>
    public FeatureMatrix Apply(TabularData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var bound = new Action<int, SparseRowWriter, int>[_encoders.Length];
        for (var i = 0; i < _encoders.Length; i++)
        {
            var spec = _encoders[i].Spec;
            var index = data.Schema.IndexOf(spec.Name);
            if (index < 0 || data.Schema[index].Type != spec.Type)
            {
                throw new ArgumentException($"The data has no {spec.Type} column '{spec.Name}' that the transform was fitted on.", nameof(data));
            }

            bound[i] = _encoders[i].Bind(data.Columns[index]);
        }

        // Rows are encoded in fixed chunks in parallel, then concatenated in chunk order: the output does not depend
        // on scheduling.
        const int ChunkRows = 2048;
        var chunkCount = (data.RowCount + ChunkRows - 1) / ChunkRows;
        var chunks = new (int[] Ends, int[] Indices, float[] Values)[chunkCount];
        Parallel.For(0, chunkCount, new ParallelOptions { CancellationToken = cancellationToken }, chunk =>
        {
            var writer = new SparseRowWriter();
            var first = chunk * ChunkRows;
            var last = Math.Min(data.RowCount, first + ChunkRows);
            var ends = new int[last - first];
            for (var row = first; row < last; row++)
            {
                for (var i = 0; i < bound.Length; i++)
                {
                    bound[i](row, writer, _offsets[i]);
                }

                ends[row - first] = writer.Count;
            }

            chunks[chunk] = (ends, writer.Indices.ToArray(), writer.Values.ToArray());
        });

        var total = chunks.Sum(c => (long)c.Indices.Length);
        var rowOffsets = new int[data.RowCount + 1];
        var indices = new int[checked((int)total)];
        var values = new float[indices.Length];
        var position = 0;
        var rowIndex = 0;
        foreach (var (ends, chunkIndices, chunkValues) in chunks)
        {
            foreach (var end in ends)
            {
                rowOffsets[++rowIndex] = position + end;
            }

            chunkIndices.CopyTo(indices, position);
            chunkValues.CopyTo(values, position);
            position += chunkIndices.Length;
        }

        return new FeatureMatrix(rowOffsets, indices, values, ColumnNames);
    }

    /// <summary>Transforms one raw row (field name → value, as for <see cref="TabularDataBuilder.Add"/>) into a one-row matrix.</summary>
    /// <exception cref="TabularDataException">A value has the wrong type.</exception>
    public FeatureMatrix TransformRow(IReadOnlyDictionary<string, object?> row)
    {
        var writer = new SparseRowWriter();
        EncodeRow(row, writer);
        return new FeatureMatrix([0, writer.Count], writer.Indices.ToArray(), writer.Values.ToArray(), ColumnNames);
    }

    /// <summary>Encodes one raw row into a reusable writer (the serving path of model bundles).</summary>
    internal void EncodeRow(IReadOnlyDictionary<string, object?> row, SparseRowWriter writer)
    {
        ArgumentNullException.ThrowIfNull(row);
        writer.Clear();
        for (var i = 0; i < _encoders.Length; i++)
        {
            var encoder = _encoders[i];
            row.TryGetValue(encoder.Spec.Name, out var raw);
            if (encoder.EncodeRaw(raw, writer, _offsets[i]) is { } problem)
            {
                throw new TabularDataException(1, encoder.Spec.Name, problem);
            }
        }
    }

    /// <summary>Writes the fitted state. The schema is not written: the caller stores it alongside (as model bundles do).</summary>
    // Binary format: int32 version; int32 encoder count; per encoder: byte kind, string feature name, kind payload.
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(FormatVersion);
        writer.Write(_encoders.Length);
        foreach (var encoder in _encoders)
        {
            writer.Write(encoder.Kind);
            writer.Write(encoder.Spec.Name);
            encoder.Save(writer);
        }
    }

    /// <summary>Reads a transform written by <see cref="Save"/>, binding it to the schema it was fitted on.</summary>
    /// <exception cref="InvalidDataException">The payload is from a newer version, corrupt, or names a feature absent from the schema.</exception>
    public static FittedTransform Load(BinaryReader reader, FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(schema);
        var version = reader.ReadInt32();
        if (version is < 1 or > FormatVersion)
        {
            throw new InvalidDataException($"The transform has format version {version}; this reader understands 1 to {FormatVersion}.");
        }

        var count = reader.ReadInt32();
        var encoders = new FeatureEncoder[count];
        for (var i = 0; i < count; i++)
        {
            var kind = reader.ReadByte();
            var name = reader.ReadString();
            if (!schema.TryGet(name, out var spec))
            {
                throw new InvalidDataException($"The transform encodes feature '{name}', which the schema lacks.");
            }

            encoders[i] = kind switch
            {
                StandardizeEncoder.Tag => StandardizeEncoder.Load(spec, reader),
                QuantileEncoder.Tag => QuantileEncoder.Load(spec, reader),
                BooleanEncoder.Tag => new BooleanEncoder(spec),
                CategoricalEncoder.Tag => CategoricalEncoder.Load(spec, reader),
                TextEncoder.Tag => TextEncoder.Load(spec, reader),
                _ => throw new InvalidDataException($"Feature '{name}' has an unknown encoder kind {kind}."),
            };
        }

        return new FittedTransform(schema, encoders);
    }
}
