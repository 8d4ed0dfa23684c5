namespace Feedback.Ml.Transforms;

/// <summary>How a numeric feature becomes model columns.</summary>
public enum NumericEncoding
{
    /// <summary>One column <c>name</c>: (value − training mean) / training standard deviation; missing → 0 (the mean).</summary>
    Standardize,

    /// <summary>One-hot buckets <c>name#q0</c>…: bucket edges are training quantiles; missing values go to the mean's bucket.</summary>
    QuantileBuckets,
}

/// <summary>Options of <see cref="FeatureTransformEstimator"/>, per feature type. Invalid values throw when set.</summary>
public sealed class FeatureTransformOptions
{
    internal static class Defaults
    {
        public const NumericEncoding Numeric = NumericEncoding.Standardize;
        public const int QuantileBuckets = 10;
        public const int CategoricalTopK = 10_000;
        public const int CategoricalMinFrequency = 1;
        public const int TextHashBits = 18;
        public const int TextMaxNgram = 2;
        public const bool TextLowercase = true;
    }

    /// <summary>Encoding of numeric features. Defaults to <see cref="NumericEncoding.Standardize"/>.</summary>
    public NumericEncoding Numeric
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Numeric), value, $"{nameof(Numeric)} must be a defined NumericEncoding, was {value}.");
    } = Defaults.Numeric;

    /// <summary>Per-feature overrides of <see cref="Numeric"/>, by feature name. Defaults to none.</summary>
    public IReadOnlyDictionary<string, NumericEncoding> NumericOverrides
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(NumericOverrides));
    } = new Dictionary<string, NumericEncoding>();

    /// <summary>Number of buckets for <see cref="NumericEncoding.QuantileBuckets"/>, from 2 to 1000 (fewer when training
    /// values repeat and edges coincide). Defaults to 10.</summary>
    public int QuantileBuckets
    {
        get;
        init => field = value is >= 2 and <= 1000 ? value : throw new ArgumentOutOfRangeException(nameof(QuantileBuckets), value, $"{nameof(QuantileBuckets)} must be from 2 to 1000, was {value}.");
    } = Defaults.QuantileBuckets;

    /// <summary>Most categories kept per categorical feature (the most frequent; ties by ordinal name). Defaults to 10,000.</summary>
    public int CategoricalTopK
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(CategoricalTopK), value, $"{nameof(CategoricalTopK)} must be at least 1, was {value}.");
    } = Defaults.CategoricalTopK;

    /// <summary>Fewest training rows a category needs to get its own column; rarer ones share the out-of-vocabulary
    /// column. Defaults to 1.</summary>
    public int CategoricalMinFrequency
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(CategoricalMinFrequency), value, $"{nameof(CategoricalMinFrequency)} must be at least 1, was {value}.");
    } = Defaults.CategoricalMinFrequency;

    /// <summary>Text n-grams are hashed into 2^<see cref="TextHashBits"/> columns per text feature, from 4 to 24.
    /// Defaults to 18 (262,144 columns).</summary>
    public int TextHashBits
    {
        get;
        init => field = value is >= 4 and <= 24 ? value : throw new ArgumentOutOfRangeException(nameof(TextHashBits), value, $"{nameof(TextHashBits)} must be from 4 to 24, was {value}.");
    } = Defaults.TextHashBits;

    /// <summary>Longest word n-gram: 1 (words) or 2 (words and word pairs). Defaults to 2.</summary>
    public int TextMaxNgram
    {
        get;
        init => field = value is 1 or 2 ? value : throw new ArgumentOutOfRangeException(nameof(TextMaxNgram), value, $"{nameof(TextMaxNgram)} must be 1 or 2, was {value}.");
    } = Defaults.TextMaxNgram;

    /// <summary>Whether text is lower-cased (invariant culture) before hashing. Defaults to true.</summary>
    public bool TextLowercase { get; init; } = Defaults.TextLowercase;

    /// <summary>The encoding of one numeric feature, after overrides.</summary>
    public NumericEncoding NumericEncodingFor(string feature) =>
        NumericOverrides.TryGetValue(feature, out var encoding) ? encoding : Numeric;
}
