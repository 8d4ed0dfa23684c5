namespace Feedback.Ml.Training.Trees;

/// <summary>Multiclass cross-entropy over K raw scores per row; one tree per class per round.</summary>
internal sealed class SoftmaxLoss(int classCount) : BoostingObjective
{
    public override int TreesPerRound => classCount;

    public override double[] BaseScores(double[] labels, float[]? weights, int[] rows)
    {
        var prior = new double[classCount];
        var total = 0.0;
        foreach (var row in rows)
        {
            var weight = WeightOf(weights, row);
            prior[(int)labels[row]] += weight;
            total += weight;
        }

        // Log class priors (clipped so a class absent from the training split stays finite), centred for readability.
        var scores = new double[classCount];
        for (var k = 0; k < classCount; k++)
        {
            scores[k] = Math.Log(Math.Max(prior[k] / total, 1e-12));
        }

        var mean = scores.Average();
        for (var k = 0; k < classCount; k++)
        {
            scores[k] -= mean;
        }

        return scores;
    }

    public override double Gradients(double[] raw, double[] labels, float[]? weights, int[] rows, int start, int end, float[][] gradients, float[][] hessians)
    {
        Span<double> probabilities = classCount <= 64 ? stackalloc double[classCount] : new double[classCount];
        var loss = 0.0;
        for (var k = start; k < end; k++)
        {
            var row = rows[k];
            var weight = WeightOf(weights, row);
            var label = (int)labels[row];
            Softmax(raw.AsSpan(row * classCount, classCount), probabilities);
            for (var c = 0; c < classCount; c++)
            {
                var p = probabilities[c];
                gradients[c][row] = (float)(weight * (p - (c == label ? 1 : 0)));
                hessians[c][row] = (float)(weight * p * (1 - p));
            }

            loss -= weight * Math.Log(Math.Max(probabilities[label], 1e-300));
        }

        return loss;
    }

    public override double Loss(double[] raw, double[] labels, float[]? weights, int[] rows, int start, int end)
    {
        Span<double> probabilities = classCount <= 64 ? stackalloc double[classCount] : new double[classCount];
        var loss = 0.0;
        for (var k = start; k < end; k++)
        {
            var row = rows[k];
            Softmax(raw.AsSpan(row * classCount, classCount), probabilities);
            loss -= WeightOf(weights, row) * Math.Log(Math.Max(probabilities[(int)labels[row]], 1e-300));
        }

        return loss;
    }
}
