namespace Feedback.Ml.Training.Linear;

/// <summary>The outcome of a <see cref="LogisticRegressionTrainer"/> run.</summary>
/// <param name="Predictor">The trained model.</param>
/// <param name="Iterations">L-BFGS iterations run.</param>
/// <param name="Converged">Whether a tolerance (rather than the iteration limit) stopped training.</param>
/// <param name="InitialObjective">The objective at the starting point: the parent's weights for a warm start, zero weights otherwise.</param>
/// <param name="FinalObjective">The objective of the returned model.</param>
/// <param name="WarmStarted">Whether training started from a parent model.</param>
public sealed record LinearTrainingResult(
    LinearPredictor Predictor, int Iterations, bool Converged, double InitialObjective, double FinalObjective, bool WarmStarted);
