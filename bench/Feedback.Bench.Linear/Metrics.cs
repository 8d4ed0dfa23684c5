using Feedback.Ml.Evaluation;
using Feedback.Ml.Training;

namespace Feedback.Bench.Linear;

internal static class Metrics
{
    /// <summary>ROC AUC from the library's own exact evaluator (ties count ½; equal to scikit-learn's roc_auc_score).</summary>
    public static double Auc(IPredictor model, TrainingSet test)
    {
        var evaluation = new ModelEvaluator(new EvaluationConfig(metrics: [MetricNames.Auc], bootstrap: new BootstrapOptions(samples: 0)))
            .Evaluate(new EvaluationData(test.Labels), ModelPredictions.Binary("ours", Scores(model, test, 1)));
        return evaluation.Candidate.Overall.Metrics[MetricNames.Auc].Value ?? double.NaN;
    }

    public static double Accuracy(IPredictor model, TrainingSet test)
    {
        var k = model.OutputCount;
        var output = new double[k];
        var correct = 0;
        for (var row = 0; row < test.RowCount; row++)
        {
            model.Predict(test.Features.RowIndices(row), test.Features.RowValues(row), output);
            var best = 0;
            for (var c = 1; c < k; c++)
            {
                if (output[c] > output[best])
                {
                    best = c;
                }
            }

            correct += best == (int)test.Labels[row] ? 1 : 0;
        }

        return (double)correct / test.RowCount;
    }

    private static double[] Scores(IPredictor model, TrainingSet test, int column)
    {
        var output = new double[model.OutputCount];
        var scores = new double[test.RowCount];
        for (var row = 0; row < test.RowCount; row++)
        {
            model.Predict(test.Features.RowIndices(row), test.Features.RowValues(row), output);
            scores[row] = output[column];
        }

        return scores;
    }
}
