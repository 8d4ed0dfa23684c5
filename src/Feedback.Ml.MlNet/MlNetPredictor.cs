using System.Collections.Concurrent;
using Feedback.Ml.Training;
using Feedback.Ml.Training.MlNet;
using Microsoft.ML;
using IPredictor = Feedback.Ml.Training.IPredictor;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Feedback.Ml.MlNet;

/// <summary>An ML.NET model behind <see cref="IPredictor"/>: it scores the transformed feature vector our fitted
/// transform produces, so serving, the Evaluator and batch scoring use it exactly like our own predictors.</summary>
/// <remarks>The model is loaded once (when the bundle is read) and scored through a pool of ML.NET prediction
/// engines, one per concurrent caller (an engine is not thread-safe and is costly to create; Microsoft.Extensions.ML's
/// PredictionEnginePool is not available here). The payload embeds the ML.NET model file itself, so the bytes that
/// serve are the bytes <see cref="ModelFile"/> hands out.</remarks>
public sealed class MlNetPredictor : IPredictor
{
    /// <summary>Version of the payload layout written by <see cref="Save"/>.</summary>
    /// <remarks>1 — int32 version; string algorithm; byte task; int32 outputs; int32 n + n × string column;
    /// int32 m + m × string model column (m = 0: the model sees the columns in the transform's order);
    /// int32 length + the ML.NET model .zip.</remarks>
    public const int PayloadVersion = 1;

    private readonly MLContext _ml;
    private readonly byte[] _modelFile;
    private readonly ConcurrentBag<Scorer> _scorers = [];
    private readonly SchemaDefinition _inputSchema;

    // Transform column index → the model's column index, or null when both orders are the same.
    private readonly int[]? _toModel;

    private MlNetPredictor(string algorithm, TaskKind task, int outputCount, IReadOnlyList<string> columns, IReadOnlyList<string> modelColumns, MLContext ml, ITransformer model, byte[] modelFile)
    {
        Algorithm = algorithm;
        Task = task;
        OutputCount = outputCount;
        ColumnNames = columns;
        ModelColumnNames = modelColumns;
        if (!columns.SequenceEqual(modelColumns, StringComparer.Ordinal))
        {
            var position = modelColumns.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
            _toModel = columns.Select(name => position.TryGetValue(name, out var at) ? at : throw new ArgumentException($"Column '{name}' is not a model column.", nameof(modelColumns))).ToArray();
            if (modelColumns.Count != columns.Count)
            {
                throw new ArgumentException($"The model has {modelColumns.Count} columns and the transform {columns.Count}.", nameof(modelColumns));
            }
        }

        _ml = ml;
        Model = model;
        _modelFile = modelFile;
        _inputSchema = MlNetRows.FeatureSchema(columns.Count);
    }

    /// <summary>The ML.NET algorithm that trained the model, e.g. <c>lightgbm</c>.</summary>
    public string Algorithm { get; }

    /// <inheritdoc />
    public TaskKind Task { get; }

    /// <inheritdoc />
    public int OutputCount { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>The columns in the order the ML.NET model sees them: the transform's order, or the order of the
    /// parent a warm start continued from (a refitted transform may order the same columns differently).</summary>
    public IReadOnlyList<string> ModelColumnNames { get; }

    /// <inheritdoc />
    public string FormatTag => MlNetAlgorithms.FormatTag;

    /// <summary>The ML.NET model (a prediction transformer over the <c>Features</c> column).</summary>
    public ITransformer Model { get; }

    /// <summary>The ML.NET model file (<c>MLContext.Model.Save</c> output; <c>MLContext.Model.Load</c> reads it).</summary>
    public ReadOnlyMemory<byte> ModelFile => _modelFile;

    /// <summary>The linear parameters of an L-BFGS model (<see cref="LinearModelParameters"/> or
    /// <see cref="MaximumEntropyModelParameters"/>), or null for other models.</summary>
    public object? LinearParameters() => Model is ISingleFeaturePredictionTransformer<object> { Model: var parameters }
        ? Unwrap(parameters)
        : null;

    /// <summary>Wraps a model just trained: writes its model file once, with a features-only input schema.</summary>
    internal static MlNetPredictor Create(string algorithm, TaskKind task, int outputCount, IReadOnlyList<string> columns, IReadOnlyList<string> modelColumns, MLContext ml, ITransformer model)
    {
        var input = ml.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), MlNetRows.FeatureSchema(columns.Count));
        using var file = new MemoryStream();
        ml.Model.Save(model, input.Schema, file);
        return new MlNetPredictor(algorithm, task, outputCount, columns, modelColumns, ml, model, file.ToArray());
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<double> output)
    {
        if (!_scorers.TryTake(out var scorer))
        {
            scorer = Scorer.Create(this);
        }

        try
        {
            scorer.Score(_toModel is null ? MlNetRows.Vector(ColumnNames.Count, indices, values) : Remap(indices, values), output);
        }
        finally
        {
            _scorers.Add(scorer);
        }
    }

    /// <inheritdoc />
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(PayloadVersion);
        writer.Write(Algorithm);
        writer.Write((byte)Task);
        writer.Write(OutputCount);
        writer.Write(ColumnNames.Count);
        foreach (var column in ColumnNames)
        {
            writer.Write(column);
        }

        writer.Write(_toModel is null ? 0 : ModelColumnNames.Count);
        foreach (var column in _toModel is null ? [] : ModelColumnNames)
        {
            writer.Write(column);
        }

        writer.Write(_modelFile.Length);
        writer.Write(_modelFile);
    }

    /// <summary>Reads a payload written by <see cref="Save"/> and loads its ML.NET model.</summary>
    /// <exception cref="InvalidDataException">A newer payload version, or a model file ML.NET cannot load.</exception>
    public static MlNetPredictor Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var version = reader.ReadInt32();
        if (version is < 1 or > PayloadVersion)
        {
            throw new InvalidDataException($"The ML.NET predictor payload has version {version}; this library reads version {PayloadVersion}.");
        }

        var algorithm = reader.ReadString();
        var task = (TaskKind)reader.ReadByte();
        if (!Enum.IsDefined(task))
        {
            throw new InvalidDataException($"The ML.NET predictor has an unknown task {(int)task}.");
        }

        var outputs = reader.ReadInt32();
        var columns = new string[reader.ReadInt32()];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = reader.ReadString();
        }

        var modelColumns = new string[reader.ReadInt32()];
        for (var i = 0; i < modelColumns.Length; i++)
        {
            modelColumns[i] = reader.ReadString();
        }

        var length = reader.ReadInt32();
        var file = reader.ReadBytes(length);
        if (file.Length != length)
        {
            throw new EndOfStreamException();
        }

        var ml = new MLContext(seed: 0);
        ITransformer model;
        try
        {
            using var stream = new MemoryStream(file, writable: false);
            model = ml.Model.Load(stream, out _);
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException or ArgumentException or IOException)
        {
            throw new InvalidDataException($"ML.NET cannot load the {algorithm} model file: {exception.Message}", exception);
        }

        try
        {
            return new MlNetPredictor(algorithm, task, outputs, columns, modelColumns.Length == 0 ? columns : modelColumns, ml, model, file);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidDataException($"The ML.NET predictor's columns are inconsistent: {exception.Message}", exception);
        }
    }

    private VBuffer<float> Remap(ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
    {
        var mapped = new int[indices.Length];
        var copied = values.ToArray();
        for (var i = 0; i < mapped.Length; i++)
        {
            mapped[i] = _toModel![indices[i]];
        }

        Array.Sort(mapped, copied);
        return new VBuffer<float>(ColumnNames.Count, mapped.Length, copied, mapped);
    }

    private static object? Unwrap(object parameters) => parameters switch
    {
        LinearModelParameters or MaximumEntropyModelParameters => parameters,
        // Calibrated binary models wrap the linear model; after a load the wrapper's generic arguments are erased to
        // interfaces, so the sub-model is read through the non-generic base.
        CalibratedModelParametersBase calibrated => calibrated.GetType().GetProperties()
            .Where(p => p.Name == "SubModel")
            .Select(p => p.GetValue(calibrated))
            .OfType<LinearModelParameters>()
            .FirstOrDefault(),
        _ => null,
    };

    /// <summary>One ML.NET prediction engine with its reusable input row.</summary>
    private abstract class Scorer
    {
        protected FeatureRow Input { get; } = new();

        public static Scorer Create(MlNetPredictor predictor) => predictor.Task switch
        {
            TaskKind.BinaryClassification => new BinaryScorer(predictor),
            TaskKind.MulticlassClassification => new MulticlassScorer(predictor),
            _ => new RegressionScorer(predictor),
        };

        public abstract void Score(VBuffer<float> features, Span<double> output);

        protected static PredictionEngine<FeatureRow, TOutput> Engine<TOutput>(MlNetPredictor predictor)
            where TOutput : class, new()
        {
            // Engine creation reads the shared MLContext; one at a time.
            lock (predictor._ml)
            {
                return predictor._ml.Model.CreatePredictionEngine<FeatureRow, TOutput>(predictor.Model, ignoreMissingColumns: true, inputSchemaDefinition: predictor._inputSchema);
            }
        }
    }

    private sealed class BinaryScorer(MlNetPredictor predictor) : Scorer
    {
        private readonly PredictionEngine<FeatureRow, BinaryScore> _engine = Engine<BinaryScore>(predictor);

        public override void Score(VBuffer<float> features, Span<double> output)
        {
            Input.Features = features;
            var p = (double)_engine.Predict(Input).Probability;
            output[0] = 1 - p;
            output[1] = p;
        }
    }

    private sealed class MulticlassScorer(MlNetPredictor predictor) : Scorer
    {
        private readonly PredictionEngine<FeatureRow, MulticlassScore> _engine = Engine<MulticlassScore>(predictor);

        public override void Score(VBuffer<float> features, Span<double> output)
        {
            Input.Features = features;
            var scores = _engine.Predict(Input).Score;
            output.Clear();
            foreach (var (index, value) in scores.Items())
            {
                output[index] = value;
            }
        }
    }

    private sealed class RegressionScorer(MlNetPredictor predictor) : Scorer
    {
        private readonly PredictionEngine<FeatureRow, RegressionScore> _engine = Engine<RegressionScore>(predictor);

        public override void Score(VBuffer<float> features, Span<double> output)
        {
            Input.Features = features;
            output[0] = _engine.Predict(Input).Score;
        }
    }
}
