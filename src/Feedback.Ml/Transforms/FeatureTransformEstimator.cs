using Feedback.Ml.Data;
using Feedback.Ml.Schema;

namespace Feedback.Ml.Transforms;

/// <summary>Fits the feature transform on training data: means and standard deviations, quantile edges, categorical
/// vocabularies and text document frequencies. The result, a <see cref="FittedTransform"/>, is immutable.</summary>
/// <remarks>Only features with <see cref="FeatureRole.Feature"/> are encoded; slice-only and id columns are skipped.
/// Output columns follow schema order, each feature a contiguous block.</remarks>
public sealed class FeatureTransformEstimator
{
    /// <summary>Creates an estimator with default options.</summary>
    public FeatureTransformEstimator()
        : this(new FeatureTransformOptions())
    {
    }

    /// <summary>Creates an estimator.</summary>
    public FeatureTransformEstimator(FeatureTransformOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The options.</summary>
    public FeatureTransformOptions Options { get; }

    /// <summary>Fits on training data.</summary>
    /// <exception cref="ArgumentException">The data is empty.</exception>
    public FittedTransform Fit(TabularData train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.RowCount == 0)
        {
            throw new ArgumentException("Cannot fit a transform on empty data.", nameof(train));
        }

        var encoders = new List<FeatureEncoder>();
        foreach (var column in train.Columns)
        {
            if (column.Spec.IsModelInput)
            {
                encoders.Add(FitOne(column));
            }
        }

        return new FittedTransform(train.Schema, encoders);
    }

    private FeatureEncoder FitOne(DataColumn column) => column switch
    {
        NumericColumn numeric => FitNumeric(numeric),
        CategoricalColumn categorical => new CategoricalEncoder(
            column.Spec, CategoricalEncoder.FitVocabulary(categorical, Options.CategoricalTopK, Options.CategoricalMinFrequency)),
        TextColumn text => TextEncoder.Fit(text, Options.TextHashBits, Options.TextMaxNgram, Options.TextLowercase),
        BooleanColumn => new BooleanEncoder(column.Spec),
        _ => throw new NotSupportedException($"Column '{column.Name}' has an unsupported type {column.GetType().Name}."),
    };

    private FeatureEncoder FitNumeric(NumericColumn column)
    {
        var present = new List<double>(column.Count);
        foreach (var value in column.Values.Span)
        {
            if (!double.IsNaN(value))
            {
                present.Add(value);
            }
        }

        // Two passes (mean, then squared deviations) for accuracy on large offsets, as StandardScaler does.
        var mean = present.Count == 0 ? 0.0 : present.Sum() / present.Count;
        var variance = present.Count == 0 ? 0.0 : present.Sum(v => (v - mean) * (v - mean)) / present.Count;
        if (Options.NumericEncodingFor(column.Name) == NumericEncoding.Standardize)
        {
            var scale = Math.Sqrt(variance);
            return new StandardizeEncoder(column.Spec, mean, scale > 0 ? scale : 1.0);
        }

        var sorted = present.ToArray();
        Array.Sort(sorted);
        return new QuantileEncoder(column.Spec, mean, QuantileEncoder.FitEdges(sorted, Options.QuantileBuckets));
    }
}
