namespace Feedback.Ml.Training;

/// <summary>A trained, immutable predictor over rows of a <see cref="Data.FeatureMatrix"/>. Thread-safe.</summary>
public interface IPredictor
{
    /// <summary>What the predictor outputs.</summary>
    TaskKind Task { get; }

    /// <summary>Length of the output of <see cref="Predict"/>: the class count, or 1 for regression.</summary>
    int OutputCount { get; }

    /// <summary>The names of the feature columns the predictor was trained on (its input identity).</summary>
    IReadOnlyList<string> ColumnNames { get; }

    /// <summary>Format tag written before <see cref="Save"/>'s payload in a model bundle (e.g. <c>linear</c>, <c>trees</c>).</summary>
    string FormatTag { get; }

    /// <summary>Scores one sparse row: probabilities per class (by the model's own link function), or the predicted value.</summary>
    /// <param name="indices">Column indices of the row's non-zero entries, strictly increasing.</param>
    /// <param name="values">Values aligned with <paramref name="indices"/>.</param>
    /// <param name="output">Receives <see cref="OutputCount"/> numbers.</param>
    void Predict(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<double> output);

    /// <summary>Writes the predictor's parameters (versioned by the bundle, see the bundle format notes).</summary>
    void Save(BinaryWriter writer);
}
