namespace Feedback.Core.Annotation;

/// <summary>One annotator's label for one item: indices into the item list, annotator list and class list.</summary>
public readonly record struct ClassLabel(int Item, int Annotator, int Class);

/// <summary>The result of <see cref="DawidSkene.Fit"/>: per item the most probable class and its posterior,
/// per annotator the estimated confusion matrix [true class, given class].</summary>
public sealed record DawidSkeneResult(int[] Labels, double[] Confidence, double[][,] Confusion, double[] Priors, int Iterations, bool Converged);

/// <summary>Dawid and Skene (1979): EM over per-annotator confusion matrices. The posteriors start from the (soft)
/// majority vote, or are pinned to the known class on gold items; the M-step re-estimates class priors and confusion
/// matrices (with add-0.01 smoothing so no answer has zero probability), the E-step the posteriors. Stops when no
/// posterior moves by more than the tolerance, or at the iteration cap.</summary>
public static class DawidSkene
{
    private const double Smoothing = 0.01;

    public static DawidSkeneResult Fit(
        int items, int annotators, int classes, IReadOnlyList<ClassLabel> labels,
        IReadOnlyDictionary<int, int>? gold = null, double tolerance = 1e-6, int maxIterations = 100)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxIterations);
        var posterior = new double[items, classes];
        foreach (var label in labels)
        {
            posterior[label.Item, label.Class] += 1;
        }

        for (var i = 0; i < items; i++)
        {
            Normalize(posterior, i, classes, uniformIfEmpty: true);
        }

        PinGold(posterior, gold, classes);
        var confusion = new double[annotators][,];
        var priors = new double[classes];
        var iterations = 0;
        var converged = false;
        while (iterations < maxIterations && !converged)
        {
            iterations++;
            MStep(posterior, labels, items, annotators, classes, confusion, priors);
            converged = EStep(posterior, labels, items, classes, confusion, priors, gold) <= tolerance;
        }

        var result = new int[items];
        var confidence = new double[items];
        for (var i = 0; i < items; i++)
        {
            for (var k = 0; k < classes; k++)
            {
                if (posterior[i, k] > confidence[i])
                {
                    confidence[i] = posterior[i, k];
                    result[i] = k;
                }
            }
        }

        return new DawidSkeneResult(result, confidence, confusion, priors, iterations, converged);
    }

    private static void MStep(double[,] posterior, IReadOnlyList<ClassLabel> labels, int items, int annotators, int classes, double[][,] confusion, double[] priors)
    {
        for (var k = 0; k < classes; k++)
        {
            priors[k] = 0;
            for (var i = 0; i < items; i++)
            {
                priors[k] += posterior[i, k];
            }

            priors[k] = (priors[k] + Smoothing) / (items + (Smoothing * classes));
        }

        for (var j = 0; j < annotators; j++)
        {
            var matrix = new double[classes, classes];
            for (var k = 0; k < classes; k++)
            {
                for (var l = 0; l < classes; l++)
                {
                    matrix[k, l] = Smoothing;
                }
            }

            confusion[j] = matrix;
        }

        foreach (var label in labels)
        {
            for (var k = 0; k < classes; k++)
            {
                confusion[label.Annotator][k, label.Class] += posterior[label.Item, k];
            }
        }

        foreach (var matrix in confusion)
        {
            for (var k = 0; k < classes; k++)
            {
                var row = 0.0;
                for (var l = 0; l < classes; l++)
                {
                    row += matrix[k, l];
                }

                for (var l = 0; l < classes; l++)
                {
                    matrix[k, l] /= row;
                }
            }
        }
    }

    private static double EStep(double[,] posterior, IReadOnlyList<ClassLabel> labels, int items, int classes, double[][,] confusion, double[] priors, IReadOnlyDictionary<int, int>? gold)
    {
        var log = new double[items, classes];
        for (var i = 0; i < items; i++)
        {
            for (var k = 0; k < classes; k++)
            {
                log[i, k] = Math.Log(priors[k]);
            }
        }

        foreach (var label in labels)
        {
            for (var k = 0; k < classes; k++)
            {
                log[label.Item, k] += Math.Log(confusion[label.Annotator][k, label.Class]);
            }
        }

        var change = 0.0;
        for (var i = 0; i < items; i++)
        {
            if (gold is not null && gold.ContainsKey(i))
            {
                continue;
            }

            var max = double.NegativeInfinity;
            for (var k = 0; k < classes; k++)
            {
                max = Math.Max(max, log[i, k]);
            }

            var sum = 0.0;
            for (var k = 0; k < classes; k++)
            {
                sum += Math.Exp(log[i, k] - max);
            }

            for (var k = 0; k < classes; k++)
            {
                var value = Math.Exp(log[i, k] - max) / sum;
                change = Math.Max(change, Math.Abs(value - posterior[i, k]));
                posterior[i, k] = value;
            }
        }

        return change;
    }

    private static void PinGold(double[,] posterior, IReadOnlyDictionary<int, int>? gold, int classes)
    {
        foreach (var (item, known) in gold ?? new Dictionary<int, int>())
        {
            for (var k = 0; k < classes; k++)
            {
                posterior[item, k] = k == known ? 1 : 0;
            }
        }
    }

    private static void Normalize(double[,] posterior, int item, int classes, bool uniformIfEmpty)
    {
        var sum = 0.0;
        for (var k = 0; k < classes; k++)
        {
            sum += posterior[item, k];
        }

        for (var k = 0; k < classes; k++)
        {
            posterior[item, k] = sum > 0 ? posterior[item, k] / sum : uniformIfEmpty ? 1.0 / classes : 0;
        }
    }
}
