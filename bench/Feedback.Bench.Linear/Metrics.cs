using Feedback.Ml.Training;

namespace Feedback.Bench.Linear;

internal static class Metrics
{
    /// <summary>ROC AUC with ties averaged (the Mann–Whitney statistic), as scikit-learn computes it.</summary>
    public static double Auc(IPredictor model, TrainingSet test)
    {
        var scores = Scores(model, test, 1);
        var order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        double positives = 0, rankSum = 0;
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j < order.Length && scores[order[j]] == scores[order[i]])
            {
                j++;
            }

            var averageRank = (i + j + 1) / 2.0;
            for (var k = i; k < j; k++)
            {
                if (test.Labels[order[k]] == 1)
                {
                    positives++;
                    rankSum += averageRank;
                }
            }

            i = j;
        }

        var negatives = scores.Length - positives;
        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
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
