using Feedback.Ml.Training;

namespace Feedback.Ml.Evaluation;

/// <summary>Builds the per-slice sufficient statistics of one partition, for each task.</summary>
internal static class StatisticsAccumulation
{
    public static Dictionary<SliceKey, (int Spec, SliceStatistics Statistics)> Run(
        EvaluationConfig config, EvaluationData data, ModelPredictions predictions, CancellationToken cancellationToken)
    {
        var slices = SliceAssignment.Build(data, config.Slices);
        var result = new Dictionary<SliceKey, (int Spec, SliceStatistics Statistics)>();
        switch (predictions.Task)
        {
            case TaskKind.BinaryClassification:
                var ranked = RankedExamples.Build(data, predictions.RawValues, slices, cancellationToken);
                for (var s = 0; s < ranked.Length; s++)
                {
                    for (var k = 0; k < ranked[s].Length; k++)
                    {
                        result.Add(slices.Keys[s][k], (s, new BinarySliceStatistics(ranked[s][k])));
                    }
                }

                break;
            case TaskKind.MulticlassClassification:
                Multiclass(config, data, predictions, slices, result, cancellationToken);
                break;
            default:
                Regression(config, data, predictions, slices, result, cancellationToken);
                break;
        }

        // A slice with no rows in this partition carries nothing; leaving it out keeps merges small.
        foreach (var empty in result.Where(p => p.Value.Statistics.Count == 0 && !p.Key.IsOverall).Select(p => p.Key).ToList())
        {
            result.Remove(empty);
        }

        return result;
    }

    private static void Multiclass(
        EvaluationConfig config, EvaluationData data, ModelPredictions predictions, SliceAssignment slices,
        Dictionary<SliceKey, (int Spec, SliceStatistics Statistics)> result, CancellationToken cancellationToken)
    {
        var k = predictions.ClassCount;
        var statistics = Create(slices, result, () => new MulticlassSliceStatistics(k, config.Bootstrap.Samples));
        var probabilities = predictions.RawValues;
        var row = new double[k];
        for (var i = 0; i < data.RowCount; i++)
        {
            CheckCancellation(i, cancellationToken);
            var label = data.RawLabels[i];
            if (label < 0 || label >= k || label != Math.Floor(label))
            {
                throw new ArgumentException($"Label of example {i} is {label}; expected a class index from 0 to {k - 1}.", nameof(data));
            }

            // Argmax with ties to the lowest class (NumPy's argmax); log loss clips, then renormalises the row to sum
            // to 1, as scikit-learn's log_loss does.
            probabilities.AsSpan(i * k, k).CopyTo(row);
            var predicted = 0;
            double sum = 0;
            for (var c = 0; c < k; c++)
            {
                if (row[c] > row[predicted])
                {
                    predicted = c;
                }

                row[c] = Math.Clamp(row[c], BinaryMetricsPass.LogLossEpsilon, 1 - BinaryMetricsPass.LogLossEpsilon);
                sum += row[c];
            }

            var logLoss = -Math.Log(row[(int)label] / sum);
            var weight = data.RawWeights?[i] ?? 1.0;
            var id = data.FirstExampleId + i;
            for (var s = 0; s < statistics.Length; s++)
            {
                var slice = slices.RowSlices[s][i];
                if (s == 0 || slice >= 0)
                {
                    statistics[s][s == 0 ? 0 : slice].Add((int)label, predicted, weight, logLoss, id, config.Bootstrap.Seed);
                }
            }
        }
    }

    private static void Regression(
        EvaluationConfig config, EvaluationData data, ModelPredictions predictions, SliceAssignment slices,
        Dictionary<SliceKey, (int Spec, SliceStatistics Statistics)> result, CancellationToken cancellationToken)
    {
        var statistics = Create(slices, result, () => new RegressionSliceStatistics(config.Bootstrap.Samples));
        for (var i = 0; i < data.RowCount; i++)
        {
            CheckCancellation(i, cancellationToken);
            var weight = data.RawWeights?[i] ?? 1.0;
            var id = data.FirstExampleId + i;
            for (var s = 0; s < statistics.Length; s++)
            {
                var slice = slices.RowSlices[s][i];
                if (s == 0 || slice >= 0)
                {
                    statistics[s][s == 0 ? 0 : slice].Add(data.RawLabels[i], predictions.RawValues[i], weight, id, config.Bootstrap.Seed);
                }
            }
        }
    }

    private static T[][] Create<T>(SliceAssignment slices, Dictionary<SliceKey, (int Spec, SliceStatistics Statistics)> result, Func<T> create)
        where T : SliceStatistics
    {
        var statistics = new T[slices.SpecCount][];
        for (var s = 0; s < slices.SpecCount; s++)
        {
            statistics[s] = new T[slices.Keys[s].Length];
            for (var k = 0; k < statistics[s].Length; k++)
            {
                statistics[s][k] = create();
                result.Add(slices.Keys[s][k], (s, statistics[s][k]));
            }
        }

        return statistics;
    }

    private static void CheckCancellation(int row, CancellationToken cancellationToken)
    {
        if ((row & 0xFFFF) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
