namespace Feedback.Ml.Training.Linear;

/// <summary>Hyper-parameters of <see cref="LogisticRegressionTrainer"/>. Invalid values throw when set.</summary>
/// <remarks>
/// The trainer minimises the weighted mean log-loss plus (<see cref="L2"/>/2)·‖w‖², intercepts unpenalised.
/// scikit-learn's <c>LogisticRegression(C=…)</c> minimises C·Σᵢ sᵢ ℓᵢ + ½‖w‖²; dividing by C·Σᵢ sᵢ shows the two have
/// the same minimiser when <c>L2 = 1 / (C · Σᵢ sᵢ)</c>, i.e. <c>1 / (C · n)</c> without row weights.
/// </remarks>
public sealed class LogisticRegressionOptions
{
    internal static class Defaults
    {
        public const double L2 = 1e-4;
        public const int MaxIterations = 100;
        public const double GradientTolerance = 1e-7;
        public const double FunctionTolerance = 2.220446049250313e-09;
        public const int Memory = 10;
        public const int Seed = 0;
    }

    private readonly bool _l2Given;

    /// <summary>L2 penalty on the weights of the mean-loss objective (see the remarks for scikit-learn's C), ≥ 0.
    /// Defaults to 1e-4 (C = 1 at 10,000 rows). Cannot be combined with <see cref="C"/>.</summary>
    public double L2
    {
        get;
        init
        {
            field = value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(L2), value, $"{nameof(L2)} must be finite and non-negative, was {value}.");
            _l2Given = true;
            ThrowIfBoth();
        }
    } = Defaults.L2;

    /// <summary>scikit-learn's inverse regularisation strength on the summed loss, &gt; 0, or null to use <see cref="L2"/>.
    /// The trainer then penalises with <c>L2 = 1 / (C · Σᵢ sᵢ)</c> (Σᵢ sᵢ = the row count without row weights), which
    /// has the same minimiser as scikit-learn's <c>C·Σᵢ sᵢ ℓᵢ + ½‖w‖²</c>. Cannot be combined with an explicit <see cref="L2"/>.</summary>
    public double? C
    {
        get;
        init
        {
            field = value is null || (value > 0 && double.IsFinite(value.Value)) ? value : throw new ArgumentOutOfRangeException(nameof(C), value, $"{nameof(C)} must be finite and positive, was {value}.");
            ThrowIfBoth();
        }
    }

    /// <summary>The penalty of the mean-loss objective for a training set whose row weights sum to <paramref name="totalWeight"/>.</summary>
    public double L2For(double totalWeight) => C is { } c ? 1.0 / (c * totalWeight) : L2;

    private void ThrowIfBoth()
    {
        if (_l2Given && C is not null)
        {
            throw new ArgumentException($"Give either {nameof(L2)} (per mean loss) or {nameof(C)} (inverse strength on the summed loss), not both: L2 = 1 / (C · n).");
        }
    }

    /// <summary>Most L-BFGS iterations, ≥ 1. Defaults to 100 (scikit-learn's <c>max_iter</c>).</summary>
    public int MaxIterations
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxIterations), value, $"{nameof(MaxIterations)} must be at least 1, was {value}.");
    } = Defaults.MaxIterations;

    /// <summary>Stops when every gradient component of the mean objective is at most this, &gt; 0. Defaults to 1e-7.
    /// scikit-learn's <c>tol</c> bounds the gradient of its summed objective, so <c>tol / (C · n)</c> is the equivalent.</summary>
    public double GradientTolerance
    {
        get;
        init => field = value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(GradientTolerance), value, $"{nameof(GradientTolerance)} must be finite and positive, was {value}.");
    } = Defaults.GradientTolerance;

    /// <summary>Stops when an iteration lowers the objective by at most this fraction of it (SciPy L-BFGS-B's
    /// <c>ftol</c>, which scikit-learn leaves at its default), ≥ 0. Defaults to 2.22e-9.</summary>
    public double FunctionTolerance
    {
        get;
        init => field = value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(FunctionTolerance), value, $"{nameof(FunctionTolerance)} must be finite and non-negative, was {value}.");
    } = Defaults.FunctionTolerance;

    /// <summary>Number of curvature pairs L-BFGS keeps, from 1 to 100. Defaults to 10.</summary>
    public int Memory
    {
        get;
        init => field = value is >= 1 and <= 100 ? value : throw new ArgumentOutOfRangeException(nameof(Memory), value, $"{nameof(Memory)} must be from 1 to 100, was {value}.");
    } = Defaults.Memory;

    /// <summary>Random seed. Full-batch L-BFGS from a fixed start has no randomness, so results never depend on it; it is
    /// kept so that every trainer's options carry one and it is recorded with the model. Defaults to 0.</summary>
    public int Seed { get; init; } = Defaults.Seed;
}
