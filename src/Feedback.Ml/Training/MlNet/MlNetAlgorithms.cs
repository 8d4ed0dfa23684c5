using System.Globalization;

namespace Feedback.Ml.Training.MlNet;

/// <summary>Whether an ML.NET trainer option takes whole numbers or real numbers.</summary>
public enum MlNetOptionType
{
    /// <summary>A whole number (JSON integer).</summary>
    WholeNumber,

    /// <summary>Any finite number.</summary>
    Real,
}

/// <summary>One option an ML.NET algorithm accepts in <c>pipeline.trainer.options</c>: its type, range and default.</summary>
/// <param name="Name">The option's camelCase name in the definition.</param>
/// <param name="Type">Integer or real.</param>
/// <param name="Minimum">The smallest allowed value.</param>
/// <param name="Maximum">The largest allowed value.</param>
/// <param name="Default">What is used when the option is left out (null: ML.NET decides from the data).</param>
/// <param name="MinimumExclusive">Whether <paramref name="Minimum"/> itself is excluded.</param>
public sealed record MlNetOptionSpec(string Name, MlNetOptionType Type, double Minimum, double Maximum, double? Default, bool MinimumExclusive = false)
{
    /// <summary>Why <paramref name="value"/> is not allowed, or null when it is.</summary>
    public string? Check(double value)
    {
        if (!double.IsFinite(value))
        {
            return "must be a finite number";
        }

        if (Type == MlNetOptionType.WholeNumber && value != Math.Floor(value))
        {
            return "must be a whole number";
        }

        var tooSmall = MinimumExclusive ? value <= Minimum : value < Minimum;
        return tooSmall || value > Maximum ? $"must be {Range}" : null;
    }

    /// <summary>The allowed range in words, e.g. <c>greater than 0 and at most 1</c>.</summary>
    public string Range => string.Create(CultureInfo.InvariantCulture, $"{(MinimumExclusive ? "greater than" : "at least")} {Minimum} and at most {Maximum}");
}

/// <summary>An ML.NET training algorithm the pipeline can use: the tasks it trains and the options it accepts.</summary>
/// <param name="Name">The algorithm's name in the definition, e.g. <c>lightgbm</c>.</param>
/// <param name="Tasks">The tasks it can train.</param>
/// <param name="IsLinear">Linear model (L-BFGS or SDCA) rather than a tree ensemble.</param>
/// <param name="CanWarmStart">Whether ML.NET can continue from a parent's parameters (only its L-BFGS trainers can).</param>
/// <param name="Options">The options it accepts.</param>
public sealed record MlNetAlgorithm(string Name, IReadOnlyList<TaskKind> Tasks, bool IsLinear, bool CanWarmStart, IReadOnlyList<MlNetOptionSpec> Options)
{
    /// <summary>The option of that name, or null.</summary>
    public MlNetOptionSpec? Option(string name) => Options.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal));
}

/// <summary>The ML.NET algorithms behind <c>pipeline.trainer: { family: mlnet, algorithm, options }</c>.</summary>
/// <remarks>This catalog has no ML.NET dependency, so that definitions are validated where ML.NET is not loaded;
/// <c>Feedback.Ml.MlNet</c> maps each entry onto the ML.NET trainer. Defaults that differ from ML.NET's own are
/// chosen on purpose: L-BFGS trainers default to no L1 penalty (ML.NET: 1) and at most 1,000 iterations (ML.NET:
/// unlimited); LightGBM's leaves, leaf size and learning rate are fixed (ML.NET: picked from the data), its binary
/// sigmoid is 1 (ML.NET: 0.5, which halves every raw score before the logistic link) and its multiclass output is a
/// softmax.</remarks>
public static class MlNetAlgorithms
{
    /// <summary>The family name in the definition.</summary>
    public const string Family = "mlnet";

    /// <summary>The format tag of ML.NET predictors in model bundles.</summary>
    public const string FormatTag = "mlnet";

    /// <summary>Binary L-BFGS logistic regression (warm-startable).</summary>
    public const string LbfgsLogisticRegression = "lbfgs-logistic-regression";

    /// <summary>Binary SDCA logistic regression.</summary>
    public const string SdcaLogisticRegression = "sdca-logistic-regression";

    /// <summary>FastTree boosted trees (binary, regression).</summary>
    public const string FastTree = "fasttree";

    /// <summary>LightGBM (binary, multiclass, regression).</summary>
    public const string LightGbm = "lightgbm";

    /// <summary>Multiclass L-BFGS maximum entropy (warm-startable).</summary>
    public const string LbfgsMaximumEntropy = "lbfgs-maximum-entropy";

    /// <summary>SDCA linear regression.</summary>
    public const string Sdca = "sdca";

    private static readonly MlNetOptionSpec[] LbfgsOptions =
    [
        new("l1Regularization", MlNetOptionType.Real, 0, 1e6, 0),
        new("l2Regularization", MlNetOptionType.Real, 0, 1e6, 1),
        new("optimizationTolerance", MlNetOptionType.Real, 0, 1, 1e-7, MinimumExclusive: true),
        new("historySize", MlNetOptionType.WholeNumber, 1, 1000, 20),
        new("maximumIterations", MlNetOptionType.WholeNumber, 1, 1_000_000, 1000),
    ];

    private static readonly MlNetOptionSpec[] SdcaOptions =
    [
        new("l1Regularization", MlNetOptionType.Real, 0, 1e6, null),
        new("l2Regularization", MlNetOptionType.Real, 0, 1e6, null),
        new("maximumIterations", MlNetOptionType.WholeNumber, 1, 1_000_000, null),
        new("convergenceTolerance", MlNetOptionType.Real, 0, 1, null, MinimumExclusive: true),
    ];

    private static readonly MlNetOptionSpec[] FastTreeOptions =
    [
        new("numberOfTrees", MlNetOptionType.WholeNumber, 1, 100_000, 100),
        new("numberOfLeaves", MlNetOptionType.WholeNumber, 2, 65_536, 20),
        new("minimumExampleCountPerLeaf", MlNetOptionType.WholeNumber, 1, 1_000_000, 10),
        new("learningRate", MlNetOptionType.Real, 0, 1, 0.2, MinimumExclusive: true),
        new("maximumBinCountPerFeature", MlNetOptionType.WholeNumber, 2, 65_536, 255),
    ];

    private static readonly MlNetOptionSpec[] LightGbmOptions =
    [
        new("numberOfIterations", MlNetOptionType.WholeNumber, 1, 100_000, 100),
        new("numberOfLeaves", MlNetOptionType.WholeNumber, 2, 131_072, 31),
        new("minimumExampleCountPerLeaf", MlNetOptionType.WholeNumber, 1, 1_000_000, 20),
        new("learningRate", MlNetOptionType.Real, 0, 1, 0.1, MinimumExclusive: true),
        new("maximumBinCountPerFeature", MlNetOptionType.WholeNumber, 2, 65_536, 255),
        new("l2Regularization", MlNetOptionType.Real, 0, 1e6, 0),
        new("seed", MlNetOptionType.WholeNumber, 0, int.MaxValue, 0),
    ];

    /// <summary>Every algorithm, in documentation order.</summary>
    public static IReadOnlyList<MlNetAlgorithm> All { get; } =
    [
        new(LbfgsLogisticRegression, [TaskKind.BinaryClassification], IsLinear: true, CanWarmStart: true, LbfgsOptions),
        new(SdcaLogisticRegression, [TaskKind.BinaryClassification], IsLinear: true, CanWarmStart: false, SdcaOptions),
        new(FastTree, [TaskKind.BinaryClassification, TaskKind.Regression], IsLinear: false, CanWarmStart: false, FastTreeOptions),
        new(LightGbm, [TaskKind.BinaryClassification, TaskKind.MulticlassClassification, TaskKind.Regression], IsLinear: false, CanWarmStart: false, LightGbmOptions),
        new(LbfgsMaximumEntropy, [TaskKind.MulticlassClassification], IsLinear: true, CanWarmStart: true, LbfgsOptions),
        new(Sdca, [TaskKind.Regression], IsLinear: true, CanWarmStart: false, SdcaOptions),
    ];

    /// <summary>The algorithm of that name, or null.</summary>
    public static MlNetAlgorithm? Find(string? name) => All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));

    /// <summary>The algorithms that train <paramref name="task"/>.</summary>
    public static IEnumerable<string> For(TaskKind task) => All.Where(a => a.Tasks.Contains(task)).Select(a => a.Name);
}

/// <summary>A validated ML.NET trainer choice: the algorithm and the options given (others take their defaults).</summary>
/// <param name="Algorithm">A name from <see cref="MlNetAlgorithms"/>.</param>
/// <param name="Options">Options given in the definition, by name.</param>
public sealed record MlNetTrainerSpec(string Algorithm, IReadOnlyDictionary<string, double> Options)
{
    /// <summary>The value of an option: given, else the catalog default, else null (ML.NET decides).</summary>
    public double? Value(string option) =>
        Options.TryGetValue(option, out var given) ? given : MlNetAlgorithms.Find(Algorithm)?.Option(option)?.Default;

    /// <summary>A stable text form, e.g. <c>mlnet:lightgbm{numberOfLeaves=15}</c> (options sorted).</summary>
    public override string ToString() =>
        $"{MlNetAlgorithms.Family}:{Algorithm}{{{string.Join(',', Options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value.ToString("R", CultureInfo.InvariantCulture)}"))}}}";
}
