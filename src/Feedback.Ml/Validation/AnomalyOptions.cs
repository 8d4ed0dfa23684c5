namespace Feedback.Ml.Validation;

/// <summary>Severity thresholds of <see cref="ExampleValidator"/>: an anomaly whose share of affected values is
/// strictly above the threshold is an error, otherwise a warning. Each is a fraction from 0 to 1. Validated when
/// the validator is constructed.</summary>
public sealed class AnomalyOptions
{
    /// <summary>Share of categorical values outside the domain above which it is an error. Defaults to 0.01.</summary>
    public double UnexpectedValueErrorShare { get; init; } = Defaults.UnexpectedValueErrorShare;

    /// <summary>Share of numeric values outside the range above which it is an error. Defaults to 0.01.</summary>
    public double OutOfRangeErrorShare { get; init; } = Defaults.OutOfRangeErrorShare;

    /// <summary>Share of rows whose value could not be read as the schema's type above which it is an error.
    /// Defaults to 0 (any such value is an error).</summary>
    public double InvalidValueErrorShare { get; init; } = Defaults.InvalidValueErrorShare;

    /// <summary>Share of rows without a valid label above which it is an error. Defaults to 0 (any is an error).</summary>
    public double MissingLabelErrorShare { get; init; } = Defaults.MissingLabelErrorShare;

    /// <summary>Whether columns the schema does not know are reported (as warnings). Defaults to true.</summary>
    public bool ReportNewColumns { get; init; } = Defaults.ReportNewColumns;

    /// <summary>Severity of a feature whose drift exceeds its threshold. Defaults to
    /// <see cref="AnomalySeverity.Error"/>, as in TFDV (a threshold is an explicit limit).</summary>
    public AnomalySeverity DriftSeverity { get; init; } = Defaults.DriftSeverity;

    /// <summary>Severity of a feature whose training/serving skew exceeds its threshold. Defaults to
    /// <see cref="AnomalySeverity.Error"/>.</summary>
    public AnomalySeverity SkewSeverity { get; init; } = Defaults.SkewSeverity;

    internal void Validate()
    {
        StatisticsOptions.Require(Enum.IsDefined(DriftSeverity), nameof(DriftSeverity), DriftSeverity, "a defined AnomalySeverity");
        StatisticsOptions.Require(Enum.IsDefined(SkewSeverity), nameof(SkewSeverity), SkewSeverity, "a defined AnomalySeverity");
        Check(UnexpectedValueErrorShare, nameof(UnexpectedValueErrorShare));
        Check(OutOfRangeErrorShare, nameof(OutOfRangeErrorShare));
        Check(InvalidValueErrorShare, nameof(InvalidValueErrorShare));
        Check(MissingLabelErrorShare, nameof(MissingLabelErrorShare));
    }

    private static void Check(double value, string option) =>
        StatisticsOptions.Require(value is >= 0 and <= 1, option, value, "between 0 and 1");

    internal static class Defaults
    {
        public const double UnexpectedValueErrorShare = 0.01;
        public const double OutOfRangeErrorShare = 0.01;
        public const double InvalidValueErrorShare = 0;
        public const double MissingLabelErrorShare = 0;
        public const bool ReportNewColumns = true;
        public const AnomalySeverity DriftSeverity = AnomalySeverity.Error;
        public const AnomalySeverity SkewSeverity = AnomalySeverity.Error;
    }
}
