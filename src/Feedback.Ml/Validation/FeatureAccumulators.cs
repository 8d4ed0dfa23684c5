using System.Globalization;
using Feedback.Ml.Schema;

namespace Feedback.Ml.Validation;

/// <summary>Streaming, mergeable state of one column. Subclasses read values as their type and count the rest
/// as invalid; missing values are derived from the row count when the statistics are built.</summary>
internal abstract class FeatureAccumulator(FeatureSpec spec)
{
    private const int InvalidExampleLimit = 3;
    private readonly List<string> _invalidExamples = [];

    public FeatureSpec Spec { get; } = spec;

    public bool Observed { get; private set; }

    public long Invalid { get; private set; }

    public abstract long Count { get; }

    public static FeatureAccumulator Create(FeatureSpec spec, StatisticsOptions options, ulong seed) => spec.Type switch
    {
        FeatureType.Numeric => new NumericAccumulator(spec, options, seed),
        FeatureType.Categorical => new CategoricalAccumulator(spec, options),
        FeatureType.Text => new TextAccumulator(spec, options),
        FeatureType.Boolean => new BooleanAccumulator(spec),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Type, $"Feature '{spec.Name}' has unknown type {spec.Type}."),
    };

    public void AddMissing() => Observed = true;

    public void AddNumber(double value)
    {
        Observed = true;
        OnNumber(value);
    }

    public void AddString(string value)
    {
        Observed = true;
        OnString(value);
    }

    public void AddBoolean(bool value)
    {
        Observed = true;
        OnBoolean(value);
    }

    public void Merge(FeatureAccumulator other)
    {
        Observed |= other.Observed;
        Invalid += other.Invalid;
        foreach (var example in other._invalidExamples)
        {
            RememberInvalid(example);
        }

        MergeValues(other);
    }

    public FeatureStatistics ToStatistics(long rowCount, StatisticsOptions options)
    {
        var statistics = new FeatureStatistics
        {
            Name = Spec.Name,
            Type = Spec.Type,
            Observed = Observed,
            Count = Count,
            Missing = Math.Max(0, rowCount - Count - Invalid),
            Invalid = Invalid,
            InvalidExamples = [.. _invalidExamples],
        };
        return Count == 0 ? statistics : WithValues(statistics, options);
    }

    protected abstract void OnNumber(double value);

    protected abstract void OnString(string value);

    protected abstract void OnBoolean(bool value);

    protected abstract void MergeValues(FeatureAccumulator other);

    protected abstract FeatureStatistics WithValues(FeatureStatistics statistics, StatisticsOptions options);

    protected void AddInvalid(string shown)
    {
        Invalid++;
        RememberInvalid(shown);
    }

    protected static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private void RememberInvalid(string shown)
    {
        if (_invalidExamples.Count < InvalidExampleLimit && !_invalidExamples.Contains(shown))
        {
            _invalidExamples.Add(shown);
        }
    }
}

/// <summary>Value counts through a <see cref="FrequencySketch"/>. Numbers and booleans are read as their
/// invariant text, since categorical codes are often logged as numbers (zip codes, ids).</summary>
internal sealed class CategoricalAccumulator(FeatureSpec spec, StatisticsOptions options) : FeatureAccumulator(spec)
{
    private readonly FrequencySketch _values = new(options.MaxTrackedValues);

    public override long Count => _values.TotalCount;

    protected override void OnNumber(double value)
    {
        if (double.IsFinite(value))
        {
            _values.Add(Show(value));
        }
        else
        {
            AddInvalid(Show(value));
        }
    }

    protected override void OnString(string value) => _values.Add(value);

    protected override void OnBoolean(bool value) => _values.Add(value ? "true" : "false");

    protected override void MergeValues(FeatureAccumulator other) => _values.Merge(((CategoricalAccumulator)other)._values);

    protected override FeatureStatistics WithValues(FeatureStatistics statistics, StatisticsOptions options) => statistics with
    {
        Categorical = new CategoricalStatistics
        {
            UniqueCount = _values.DistinctCount,
            IsExact = _values.IsExact,
            MaxUndercount = _values.MaxUndercount,
            TopValues = _values.Top(options.TopValueCount),
        },
    };
}

/// <summary>Length statistics and token counts. Tokens are maximal runs of letters or digits, lower-cased
/// (invariant culture); the text transform may tokenise differently, these are for inspection and drift.</summary>
internal sealed class TextAccumulator(FeatureSpec spec, StatisticsOptions options) : FeatureAccumulator(spec)
{
    private readonly FrequencySketch _tokens = new(options.MaxTrackedValues);
    private long _count;
    private long _lengthSum;
    private int _minLength = int.MaxValue;
    private int _maxLength;

    public override long Count => _count;

    protected override void OnNumber(double value) => AddInvalid(Show(value));

    protected override void OnBoolean(bool value) => AddInvalid(value ? "true" : "false");

    protected override void OnString(string value)
    {
        _count++;
        _lengthSum += value.Length;
        _minLength = Math.Min(_minLength, value.Length);
        _maxLength = Math.Max(_maxLength, value.Length);
        var start = -1;
        for (var i = 0; i <= value.Length; i++)
        {
            var inToken = i < value.Length && char.IsLetterOrDigit(value[i]);
            if (inToken && start < 0)
            {
                start = i;
            }
            else if (!inToken && start >= 0)
            {
                _tokens.Add(value.AsSpan(start, i - start).ToString().ToLowerInvariant());
                start = -1;
            }
        }
    }

    protected override void MergeValues(FeatureAccumulator other)
    {
        var o = (TextAccumulator)other;
        _count += o._count;
        _lengthSum += o._lengthSum;
        _minLength = Math.Min(_minLength, o._minLength);
        _maxLength = Math.Max(_maxLength, o._maxLength);
        _tokens.Merge(o._tokens);
    }

    protected override FeatureStatistics WithValues(FeatureStatistics statistics, StatisticsOptions options) => statistics with
    {
        Text = new TextStatistics
        {
            MeanLength = (double)_lengthSum / _count,
            MinLength = _minLength,
            MaxLength = _maxLength,
            TokenCount = _tokens.TotalCount,
            UniqueTokenCount = _tokens.DistinctCount,
            IsExact = _tokens.IsExact,
            TopTokens = _tokens.Top(options.TopValueCount),
        },
    };
}

/// <summary>True and false counts. Accepts "true"/"false" (any case) and the numbers 1 and 0.</summary>
internal sealed class BooleanAccumulator(FeatureSpec spec) : FeatureAccumulator(spec)
{
    private long _true;
    private long _false;

    public override long Count => _true + _false;

    protected override void OnBoolean(bool value)
    {
        if (value)
        {
            _true++;
        }
        else
        {
            _false++;
        }
    }

    protected override void OnNumber(double value)
    {
        if (value is 0 or 1)
        {
            OnBoolean(value == 1);
        }
        else
        {
            AddInvalid(Show(value));
        }
    }

    protected override void OnString(string value)
    {
        if (bool.TryParse(value, out var parsed))
        {
            OnBoolean(parsed);
        }
        else
        {
            AddInvalid(value);
        }
    }

    protected override void MergeValues(FeatureAccumulator other)
    {
        var o = (BooleanAccumulator)other;
        _true += o._true;
        _false += o._false;
    }

    protected override FeatureStatistics WithValues(FeatureStatistics statistics, StatisticsOptions options) =>
        statistics with { Boolean = new BooleanStatistics(_true, _false) };
}
