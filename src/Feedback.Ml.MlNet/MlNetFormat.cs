using Feedback.Ml.Bundles;
using Feedback.Ml.Training.MlNet;

namespace Feedback.Ml.MlNet;

/// <summary>Teaches model bundles to read ML.NET predictors.</summary>
public static class MlNetFormat
{
    /// <summary>Registers the <c>mlnet</c> predictor format with <see cref="PredictorFormats"/> (idempotent). Every
    /// process that loads bundles calls it once at start-up (the pipeline's service registration does).</summary>
    public static void Register() => PredictorFormats.Register(MlNetAlgorithms.FormatTag, MlNetPredictor.Load);
}
