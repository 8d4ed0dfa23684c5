namespace Feedback.Ml.Training.Trees;

/// <summary>A differentiable loss over raw scores: the base score, per-row gradients and hessians, and the link from
/// raw scores to outputs. Raw scores are stored row-major, <see cref="TreesPerRound"/> per row.</summary>
internal abstract class BoostingObjective
{
    /// <summary>Trees per round and raw scores per row: the class count for multiclass, otherwise 1.</summary>
    public abstract int TreesPerRound { get; }

    public static BoostingObjective For(TaskKind task, int classCount) => task switch
    {
        TaskKind.BinaryClassification => new BinaryLogLoss(),
        TaskKind.MulticlassClassification => new SoftmaxLoss(classCount),
        TaskKind.Regression => new SquaredError(),
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, $"Unknown task {task}."),
    };

    /// <summary>The constant raw score(s) that minimise the loss on <paramref name="rows"/> (the boosting start).</summary>
    public abstract double[] BaseScores(double[] labels, float[]? weights, int[] rows);

    /// <summary>Writes gradients and hessians (multiplied by the row weight) of rows <paramref name="rows"/>[start..end)
    /// into <paramref name="gradients"/>[k][row] and <paramref name="hessians"/>[k][row]; returns the weighted loss sum.</summary>
    public abstract double Gradients(double[] raw, double[] labels, float[]? weights, int[] rows, int start, int end, float[][] gradients, float[][] hessians);

    /// <summary>Weighted loss sum of rows <paramref name="rows"/>[start..end).</summary>
    public abstract double Loss(double[] raw, double[] labels, float[]? weights, int[] rows, int start, int end);

    /// <summary>Turns one row's raw scores into the predictor's outputs (probabilities or the value).</summary>
    public static void Link(TaskKind task, ReadOnlySpan<double> raw, Span<double> output)
    {
        switch (task)
        {
            case TaskKind.BinaryClassification:
                var positive = Sigmoid(raw[0]);
                output[0] = 1 - positive;
                output[1] = positive;
                break;
            case TaskKind.MulticlassClassification:
                Softmax(raw, output);
                break;
            default:
                output[0] = raw[0];
                break;
        }
    }

    protected static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    protected static void Softmax(ReadOnlySpan<double> raw, Span<double> output)
    {
        var max = double.NegativeInfinity;
        foreach (var value in raw)
        {
            max = Math.Max(max, value);
        }

        var sum = 0.0;
        for (var k = 0; k < raw.Length; k++)
        {
            output[k] = Math.Exp(raw[k] - max);
            sum += output[k];
        }

        for (var k = 0; k < raw.Length; k++)
        {
            output[k] /= sum;
        }
    }

    protected static double WeightOf(float[]? weights, int row) => weights is null ? 1.0 : weights[row];
}

/// <summary>Binary log-loss on one raw score (the log-odds of class 1).</summary>
internal sealed class BinaryLogLoss : BoostingObjective
{
    public override int TreesPerRound => 1;

    public override double[] BaseScores(double[] labels, float[]? weights, int[] rows)
    {
        double positive = 0, total = 0;
        foreach (var row in rows)
        {
            var weight = WeightOf(weights, row);
            positive += weight * labels[row];
            total += weight;
        }

        // Clipped so an all-one-class training split still starts from a finite log-odds.
        var p = Math.Clamp(positive / total, 1e-12, 1 - 1e-12);
        return [Math.Log(p / (1 - p))];
    }

    public override double Gradients(double[] raw, double[] labels, float[]? weights, int[] rows, int start, int end, float[][] gradients, float[][] hessians)
    {
        var g = gradients[0];
        var h = hessians[0];
        var loss = 0.0;
        for (var k = start; k < end; k++)
        {
            var row = rows[k];
            var weight = WeightOf(weights, row);
            var p = Sigmoid(raw[row]);
            g[row] = (float)(weight * (p - labels[row]));
            h[row] = (float)(weight * p * (1 - p));
            loss += weight * RowLoss(raw[row], labels[row]);
        }

        return loss;
    }

    public override double Loss(double[] raw, double[] labels, float[]? weights, int[] rows, int start, int end)
    {
        var loss = 0.0;
        for (var k = start; k < end; k++)
        {
            var row = rows[k];
            loss += WeightOf(weights, row) * RowLoss(raw[row], labels[row]);
        }

        return loss;
    }

    /// <summary>log(1 + e^x) − y·x, written to stay finite for large |x|.</summary>
    private static double RowLoss(double x, double label) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x))) - label * x;
}

/// <summary>Half squared error; the reported loss is the mean squared error.</summary>
internal sealed class SquaredError : BoostingObjective
{
    public override int TreesPerRound => 1;

    public override double[] BaseScores(double[] labels, float[]? weights, int[] rows)
    {
        double sum = 0, total = 0;
        foreach (var row in rows)
        {
            var weight = WeightOf(weights, row);
            sum += weight * labels[row];
            total += weight;
        }

        return [total > 0 ? sum / total : 0];
    }

    public override double Gradients(double[] raw, double[] labels, float[]? weights, int[] rows, int start, int end, float[][] gradients, float[][] hessians)
    {
        var g = gradients[0];
        var h = hessians[0];
        var loss = 0.0;
        for (var k = start; k < end; k++)
        {
            var row = rows[k];
            var weight = WeightOf(weights, row);
            var residual = raw[row] - labels[row];
            g[row] = (float)(weight * residual);
            h[row] = (float)weight;
            loss += weight * residual * residual;
        }

        return loss;
    }

    public override double Loss(double[] raw, double[] labels, float[]? weights, int[] rows, int start, int end)
    {
        var loss = 0.0;
        for (var k = start; k < end; k++)
        {
            var row = rows[k];
            var residual = raw[row] - labels[row];
            loss += WeightOf(weights, row) * residual * residual;
        }

        return loss;
    }
}
