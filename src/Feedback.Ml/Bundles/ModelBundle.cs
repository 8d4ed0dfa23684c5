using System.Globalization;
using System.Text;
using Feedback.Ml.Data;
using Feedback.Ml.Schema;
using Feedback.Ml.Training;
using Feedback.Ml.Transforms;

namespace Feedback.Ml.Bundles;

/// <summary>One deployable model artifact: the input schema, the fitted transform, the predictor and metadata.
/// Immutable; prediction is thread-safe.</summary>
public sealed class ModelBundle
{
    /// <summary>The format version this library writes.</summary>
    /// <remarks>Version history (bump on every layout change; keep reading the older ones):
    /// 1 — initial layout.</remarks>
    public const int FormatVersion = 1;

    /// <summary>The oldest reader version that can read what this library writes.</summary>
    public const int MinReaderVersion = 1;

    private static readonly byte[] Magic = "FBMODEL\0"u8.ToArray();

    [ThreadStatic]
    private static SparseRowWriter? t_writer;

    /// <summary>Assembles a bundle.</summary>
    /// <exception cref="ArgumentException">The predictor's columns are not the transform's output columns.</exception>
    public ModelBundle(FittedTransform transform, IPredictor predictor, ModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(transform);
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(metadata);
        if (predictor.ColumnNames.Count != transform.ColumnCount
            || (!ReferenceEquals(predictor.ColumnNames, transform.ColumnNames) && !predictor.ColumnNames.SequenceEqual(transform.ColumnNames, StringComparer.Ordinal)))
        {
            throw new ArgumentException($"The predictor's {predictor.ColumnNames.Count} columns are not the transform's {transform.ColumnCount} output columns.", nameof(predictor));
        }

        Transform = transform;
        Predictor = predictor;
        Metadata = metadata;
    }

    /// <summary>The input schema (the transform's).</summary>
    public FeatureSchema Schema => Transform.Schema;

    /// <summary>The fitted transform.</summary>
    public FittedTransform Transform { get; }

    /// <summary>The predictor.</summary>
    public IPredictor Predictor { get; }

    /// <summary>How the model was made.</summary>
    public ModelMetadata Metadata { get; }

    /// <summary>Scores one raw row (field name → value); returns <see cref="IPredictor.OutputCount"/> numbers.</summary>
    /// <exception cref="TabularDataException">A value has the wrong type.</exception>
    public double[] Predict(IReadOnlyDictionary<string, object?> row)
    {
        var output = new double[Predictor.OutputCount];
        Predict(row, output);
        return output;
    }

    /// <summary>Scores one raw row into a caller-supplied buffer; allocation-free after a thread's first call.</summary>
    public void Predict(IReadOnlyDictionary<string, object?> row, Span<double> output)
    {
        var writer = t_writer ??= new SparseRowWriter();
        Transform.EncodeRow(row, writer);
        Predictor.Predict(writer.Indices, writer.Values, output);
    }

    /// <summary>Scores a batch: row-major, <see cref="IPredictor.OutputCount"/> numbers per row.</summary>
    public double[] PredictBatch(TabularData data, CancellationToken cancellationToken = default)
    {
        var features = Transform.Apply(data, cancellationToken);
        var k = Predictor.OutputCount;
        var output = new double[features.RowCount * k];
        Parallel.For(0, features.RowCount, new ParallelOptions { CancellationToken = cancellationToken }, row =>
            Predictor.Predict(features.RowIndices(row), features.RowValues(row), output.AsSpan(row * k, k)));
        return output;
    }

    // Binary format (little-endian, strings as BinaryWriter writes them: 7-bit length + UTF-8):
    //   8 bytes magic "FBMODEL\0"; int32 format version; int32 minimum reader version;
    //   metadata: string trainer; int32 n + n × (string key, string value) hyper-parameters; int64 training rows;
    //             string data hash; bool has parent (+ string parent id); int64 created-at UTC ticks;
    //             int32 n + n × string label classes;
    //   schema (SchemaFormat); transform (FittedTransform.Save, versioned itself);
    //   string predictor format tag; int64 payload length; payload (IPredictor.Save, versioned itself).
    // The payload length lets a reader check that the predictor consumed exactly its bytes.

    /// <summary>Writes the bundle.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(MinReaderVersion);
        writer.Write(Metadata.TrainerName);
        writer.Write(Metadata.HyperParameters.Count);
        foreach (var (key, value) in Metadata.HyperParameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Write(key);
            writer.Write(value);
        }

        writer.Write(Metadata.TrainingRows);
        writer.Write(Metadata.DataHash);
        writer.Write(Metadata.ParentModelId is not null);
        if (Metadata.ParentModelId is not null)
        {
            writer.Write(Metadata.ParentModelId);
        }

        writer.Write(Metadata.CreatedAt.UtcTicks);
        writer.Write(Metadata.LabelClasses.Count);
        foreach (var label in Metadata.LabelClasses)
        {
            writer.Write(label);
        }

        SchemaFormat.Write(writer, Schema);
        Transform.Save(writer);
        writer.Write(Predictor.FormatTag);
        using var payload = new MemoryStream();
        using (var payloadWriter = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            Predictor.Save(payloadWriter);
        }

        writer.Write(payload.Length);
        payload.Position = 0;
        writer.Flush();
        payload.CopyTo(stream);
    }

    /// <summary>Reads a bundle written by this or an older version.</summary>
    /// <exception cref="InvalidDataException">Not a bundle, written by a newer incompatible version, or corrupt.</exception>
    public static ModelBundle Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException("The stream is not a Feedback model bundle (bad signature).");
            }

            var version = reader.ReadInt32();
            var minReader = reader.ReadInt32();
            if (minReader > FormatVersion)
            {
                throw new InvalidDataException(
                    $"The bundle has format version {version} and needs a reader of version {minReader} or later; this library reads up to version {FormatVersion}. Upgrade Feedback to load it.");
            }

            var trainer = reader.ReadString();
            var hyperParameters = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var n = reader.ReadInt32(); n > 0; n--)
            {
                hyperParameters[reader.ReadString()] = reader.ReadString();
            }

            var metadata = new ModelMetadata
            {
                TrainerName = trainer,
                HyperParameters = hyperParameters,
                TrainingRows = reader.ReadInt64(),
                DataHash = reader.ReadString(),
                ParentModelId = reader.ReadBoolean() ? reader.ReadString() : null,
                CreatedAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero),
                LabelClasses = Enumerable.Range(0, reader.ReadInt32()).Select(_ => reader.ReadString()).ToArray(),
            };
            var schema = SchemaFormat.Read(reader);
            var transform = FittedTransform.Load(reader, schema);
            var tag = reader.ReadString();
            var length = reader.ReadInt64();
            var start = stream.CanSeek ? stream.Position : -1;
            var predictor = PredictorFormats.Read(tag, reader);
            if (start >= 0 && stream.Position - start != length)
            {
                throw new InvalidDataException($"The '{tag}' predictor read {(stream.Position - start).ToString(CultureInfo.InvariantCulture)} bytes of its {length}-byte payload.");
            }

            return new ModelBundle(transform, predictor, metadata);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("The model bundle is truncated.", ex);
        }
    }
}
