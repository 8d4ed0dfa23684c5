using Feedback.Ml.Data;
using Feedback.Ml.Evaluation;
using Feedback.Ml.Training;

namespace Feedback.Bench.Trees;

/// <summary>Test-set metrics computed the way scikit-learn computes them.</summary>
internal static class Metrics
{
    /// <summary>Model outputs for every row of <paramref name="matrix"/>, row-major.</summary>
    public static double[] Predict(IPredictor predictor, FeatureMatrix matrix)
    {
        var outputs = predictor.OutputCount;
        var result = new double[matrix.RowCount * outputs];
        Parallel.For(0, matrix.RowCount, row =>
            predictor.Predict(matrix.RowIndices(row), matrix.RowValues(row), result.AsSpan(row * outputs, outputs)));
        return result;
    }

    /// <summary>ROC AUC from the library's own exact evaluator (ties count ½; equal to scikit-learn's roc_auc_score).</summary>
    public static double Auc(double[] outputs, double[] labels)
    {
        var scores = Enumerable.Range(0, labels.Length).Select(i => outputs[i * 2 + 1]).ToArray();
        var evaluation = new ModelEvaluator(new EvaluationConfig(metrics: [MetricNames.Auc], bootstrap: new BootstrapOptions(samples: 0)))
            .Evaluate(new EvaluationData(labels), ModelPredictions.Binary("ours", scores));
        return evaluation.Candidate.Overall.Metrics[MetricNames.Auc].Value ?? double.NaN;
    }

    public static double Accuracy(double[] outputs, double[] labels, int classes)
    {
        var correct = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var best = 0;
            for (var k = 1; k < classes; k++)
            {
                if (outputs[i * classes + k] > outputs[i * classes + best])
                {
                    best = k;
                }
            }

            correct += best == (int)labels[i] ? 1 : 0;
        }

        return correct / (double)labels.Length;
    }

    public static double Rmse(double[] outputs, double[] labels) =>
        Math.Sqrt(labels.Select((y, i) => (outputs[i] - y) * (outputs[i] - y)).Average());

    /// <summary>Mean log-loss of a binary model's outputs.</summary>
    public static double LogLoss(double[] outputs, double[] labels) =>
        labels.Select((y, i) => -Math.Log(Math.Clamp(y == 1 ? outputs[i * 2 + 1] : outputs[i * 2], 1e-15, 1))).Average();
}
