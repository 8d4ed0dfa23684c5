namespace Feedback.Ml.Training;

/// <summary>One progress report of a trainer: the iteration (L-BFGS step or boosting round) and its losses.</summary>
/// <param name="Iteration">1-based iteration number.</param>
/// <param name="TrainingLoss">Objective on the training rows (mean loss, plus regularisation where the trainer has it).</param>
/// <param name="ValidationLoss">Loss on the validation split, when the trainer holds one out.</param>
public sealed record TrainingProgress(int Iteration, double TrainingLoss, double? ValidationLoss = null);
