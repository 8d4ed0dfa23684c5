using Feedback.Ml.Evaluation;
using Feedback.Ml.Training;

namespace Feedback.Ml.Tests.Evaluation;

/// <summary>Builders shared by the Evaluation tests.</summary>
internal static class EvaluationTestData
{
    public static EvaluationConfig Binary(int bootstrapSamples = 0, IReadOnlyList<SlicingSpec>? slices = null, int minimumSliceSize = 1,
        IReadOnlyList<MetricThreshold>? thresholds = null, int maxCurvePoints = 201) =>
        new(TaskKind.BinaryClassification, slices: slices, minimumSliceSize: minimumSliceSize, maxCurvePoints: maxCurvePoints,
            bootstrap: new BootstrapOptions(bootstrapSamples), metricThresholds: thresholds);

    public static double Metric(this SliceMetrics slice, string name) =>
        slice.Metrics[name].Value ?? throw new InvalidOperationException($"{name} is undefined on {slice.Slice}.");

    /// <summary>A seeded synthetic binary data set with two slicing features.</summary>
    public static (EvaluationData Data, double[] Scores) SyntheticBinary(int n, int seed, bool weighted = true, int scoreLevels = 0)
    {
        var random = new Random(seed);
        var labels = new double[n];
        var scores = new double[n];
        var weights = weighted ? new double[n] : null;
        var region = new string?[n];
        var age = new double[n];
        for (var i = 0; i < n; i++)
        {
            var latent = (random.NextDouble() * 4) - 2;
            labels[i] = latent + ((random.NextDouble() - 0.5) * 3) > 0 ? 1 : 0;
            var p = 1 / (1 + Math.Exp(-latent));
            scores[i] = scoreLevels > 0 ? Math.Round(p * scoreLevels) / scoreLevels : p;
            if (weights is not null)
            {
                weights[i] = 0.5 + random.Next(4);
            }

            region[i] = random.Next(10) == 0 ? null : "r" + random.Next(4);
            age[i] = 20 + (10 * random.Next(3));
        }

        var columns = new[] { SliceColumn.FromStrings("region", region), SliceColumn.FromNumbers("age", age) };
        return (new EvaluationData(labels, weights, columns), scores);
    }
}
