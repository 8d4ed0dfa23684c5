namespace Feedback.Ml.Training;

/// <summary>What a predictor outputs.</summary>
public enum TaskKind
{
    /// <summary>Two classes; outputs [P(class 0), P(class 1)].</summary>
    BinaryClassification,

    /// <summary>K ≥ 2 classes; outputs one probability per class.</summary>
    MulticlassClassification,

    /// <summary>A real value; outputs one number.</summary>
    Regression,
}
