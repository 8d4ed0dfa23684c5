using System.Runtime.CompilerServices;
using Feedback.Ml.Data;

namespace Feedback.Ml.Training.Linear;

/// <summary>The regularised logistic (binary) or multinomial (softmax) objective and its gradient over a CSR matrix:
/// f(θ) = Σᵢ sᵢ ℓᵢ / Σᵢ sᵢ + (λ/2) Σ ‖w‖², intercepts not penalised.</summary>
/// <remarks>
/// Parameters are feature-major: θ[j·K + k] is the weight of column j for output k (K = 1 for binary, the class count
/// for multiclass), and the intercepts sit after the last column. Rows are split into a number of blocks that depends
/// only on the data's shape; each block accumulates into its own buffer and the buffers are summed in block order, so
/// the result is bit-identical however the blocks are scheduled over cores.
/// </remarks>
internal sealed class LogisticObjective
{
    private const long MaxPartialDoubles = 16L << 20;

    private readonly FeatureMatrix _x;
    private readonly int[] _labels;
    private readonly double[] _rowWeights;
    private readonly double _l2;
    private readonly int[] _blockStarts;
    private readonly double[][] _partialGradients;
    private readonly double[] _partialLosses;
    private readonly bool _dense;

    public LogisticObjective(TrainingSet set, LogisticRegressionOptions options)
    {
        _x = set.Features;
        Outputs = set.Task == TaskKind.BinaryClassification ? 1 : set.ClassCount;
        Columns = set.Features.ColumnCount;
        ParameterCount = checked((Columns + 1) * Outputs);
        _labels = set.Labels.Select(l => (int)l).ToArray();
        var totalWeight = set.Weights?.Sum(w => (double)w) ?? set.RowCount;
        if (totalWeight <= 0)
        {
            throw new ArgumentException("The row weights sum to zero.", nameof(set));
        }

        // Scaling each row weight by 1/Σs once makes every evaluation a plain weighted sum.
        _rowWeights = new double[set.RowCount];
        for (var i = 0; i < _rowWeights.Length; i++)
        {
            _rowWeights[i] = (set.Weights?[i] ?? 1.0) / totalWeight;
        }

        _l2 = options.L2For(totalWeight);
        // About 64k stored entries (times outputs) per block, enough work to amortise scheduling, at most 32 blocks.
        // Summing the block buffers costs blocks × parameters, so wide sparse matrices (hashed text) get fewer blocks:
        // that sum stays under about half the work of a pass over the entries.
        var entries = (long)set.Features.Indices.Length * Outputs;
        var blocks = (int)Math.Clamp(Math.Min(Math.Min(entries / 65_536, set.RowCount / 256), entries / (2L * ParameterCount)), 1, 32);
        blocks = (int)Math.Max(1, Math.Min(blocks, MaxPartialDoubles / ParameterCount));
        _blockStarts = new int[blocks + 1];
        for (var b = 0; b <= blocks; b++)
        {
            _blockStarts[b] = (int)((long)set.RowCount * b / blocks);
        }

        _partialGradients = new double[blocks][];
        _dense = IsDense(set.Features);
        _partialLosses = new double[blocks];
    }

    /// <summary>K: 1 for binary, the class count for multiclass.</summary>
    public int Outputs { get; }

    /// <summary>Feature columns (excluding the intercept).</summary>
    public int Columns { get; }

    /// <summary>Length of θ: (columns + 1) · K.</summary>
    public int ParameterCount { get; }

    /// <summary>Evaluates f(θ) and writes ∇f(θ) into <paramref name="gradient"/>.</summary>
    public double Evaluate(double[] theta, double[] gradient, CancellationToken cancellationToken)
    {
        Parallel.For(0, _partialGradients.Length, new ParallelOptions { CancellationToken = cancellationToken }, b =>
        {
            var partial = _partialGradients[b] ??= new double[ParameterCount];
            Array.Clear(partial);
            _partialLosses[b] = Outputs == 1
                ? AccumulateBinary(theta, partial, _blockStarts[b], _blockStarts[b + 1])
                : AccumulateMultinomial(theta, partial, _blockStarts[b], _blockStarts[b + 1]);
        });

        // Sum the block buffers in block order, parallel over disjoint parameter ranges.
        const int Range = 1 << 14;
        Parallel.For(0, (ParameterCount + Range - 1) / Range, r =>
        {
            var start = r * Range;
            var end = Math.Min(ParameterCount, start + Range);
            var target = gradient.AsSpan(start, end - start);
            _partialGradients[0].AsSpan(start, end - start).CopyTo(target);
            for (var b = 1; b < _partialGradients.Length; b++)
            {
                var source = _partialGradients[b].AsSpan(start, end - start);
                for (var i = 0; i < target.Length; i++)
                {
                    target[i] += source[i];
                }
            }
        });

        var loss = 0.0;
        foreach (var blockLoss in _partialLosses)
        {
            loss += blockLoss;
        }

        // L2 on the weights only: the intercepts (the last K entries) are not penalised.
        var penalty = 0.0;
        var weightCount = Columns * Outputs;
        for (var i = 0; i < weightCount; i++)
        {
            penalty += theta[i] * theta[i];
            gradient[i] += _l2 * theta[i];
        }

        return loss + (0.5 * _l2 * penalty);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double AccumulateBinary(double[] theta, double[] gradient, int start, int end)
    {
        if (_dense)
        {
            return AccumulateBinaryDense(theta, gradient, start, end);
        }

        var offsets = _x.RowOffsets;
        var indices = _x.Indices;
        var values = _x.Values;
        var bias = theta[Columns];
        var loss = 0.0;
        var biasGradient = 0.0;
        for (var row = start; row < end; row++)
        {
            int from = offsets[row], to = offsets[row + 1];
            var z = bias;
            for (var e = from; e < to; e++)
            {
                z += theta[indices[e]] * values[e];
            }

            var y = _labels[row];
            var s = _rowWeights[row];

            var (softplus, probability) = SoftplusAndSigmoid(z);
            loss += s * (softplus - (y * z));
            var residual = s * (probability - y);
            biasGradient += residual;
            for (var e = from; e < to; e++)
            {
                gradient[indices[e]] += residual * values[e];
            }
        }

        gradient[Columns] += biasGradient;
        return loss;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double AccumulateMultinomial(double[] theta, double[] gradient, int start, int end)
    {
        var offsets = _x.RowOffsets;
        var indices = _x.Indices;
        var values = _x.Values;
        var k = Outputs;
        Span<double> z = k <= 256 ? stackalloc double[k] : new double[k];
        var interceptOffset = Columns * k;
        var loss = 0.0;
        for (var row = start; row < end; row++)
        {
            int from = offsets[row], to = offsets[row + 1];
            theta.AsSpan(interceptOffset, k).CopyTo(z);
            for (var e = from; e < to; e++)
            {
                var w = theta.AsSpan(indices[e] * k, k);
                var v = values[e];
                for (var c = 0; c < k; c++)
                {
                    z[c] += w[c] * v;
                }
            }

            var y = _labels[row];
            var s = _rowWeights[row];
            var trueScore = z[y];
            loss += s * (Softmax(z) - trueScore);
            z[y] -= 1;
            for (var c = 0; c < k; c++)
            {
                z[c] *= s;
                gradient[interceptOffset + c] += z[c];
            }

            for (var e = from; e < to; e++)
            {
                var g = gradient.AsSpan(indices[e] * k, k);
                var v = values[e];
                for (var c = 0; c < k; c++)
                {
                    g[c] += z[c] * v;
                }
            }
        }

        return loss;
    }

    /// <summary>Binary pass for a matrix whose every row stores every column in order (a dense table): the products
    /// need no index gather and vectorise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double AccumulateBinaryDense(double[] theta, double[] gradient, int start, int end)
    {
        var values = _x.Values;
        var d = Columns;
        var w = theta.AsSpan(0, d);
        var g = gradient.AsSpan(0, d);
        var bias = theta[d];
        var loss = 0.0;
        var biasGradient = 0.0;
        for (var row = start; row < end; row++)
        {
            var x = values.AsSpan(row * d, d);
            var z = bias + DenseKernels.Dot(w, x);
            var y = _labels[row];
            var s = _rowWeights[row];
            var (softplus, probability) = SoftplusAndSigmoid(z);
            loss += s * (softplus - (y * z));
            var residual = s * (probability - y);
            biasGradient += residual;
            DenseKernels.AddScaled(g, residual, x);
        }

        gradient[d] += biasGradient;
        return loss;
    }

    private static bool IsDense(FeatureMatrix x)
    {
        var d = x.ColumnCount;
        if ((long)x.RowCount * d != x.Indices.Length)
        {
            return false;
        }

        // Every row holds columns 0..d-1 in order: with d entries per row and strictly increasing indices, that means
        // each row's first index is 0 and last is d-1.
        for (var row = 0; row < x.RowCount; row++)
        {
            var offset = x.RowOffsets[row];
            if (x.RowOffsets[row + 1] - offset != d || x.Indices[offset] != 0 || x.Indices[offset + d - 1] != d - 1)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>log(1 + eᶻ) and σ(z) from a single exponential, without overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double Softplus, double Sigmoid) SoftplusAndSigmoid(double z)
    {
        var e = Math.Exp(-Math.Abs(z));
        var onePlus = 1 + e;
        return (Math.Max(z, 0) + Math.Log(onePlus), z >= 0 ? 1 / onePlus : e / onePlus);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>Replaces scores by probabilities in place; returns log Σ exp(z) of the original scores.</summary>
    internal static double Softmax(Span<double> z)
    {
        var max = double.NegativeInfinity;
        foreach (var v in z)
        {
            max = Math.Max(max, v);
        }

        var sum = 0.0;
        for (var c = 0; c < z.Length; c++)
        {
            z[c] = Math.Exp(z[c] - max);
            sum += z[c];
        }

        for (var c = 0; c < z.Length; c++)
        {
            z[c] /= sum;
        }

        return max + Math.Log(sum);
    }
}
