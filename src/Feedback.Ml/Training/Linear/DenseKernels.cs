using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Feedback.Ml.Training.Linear;

/// <summary>Vectorised double-by-float kernels for dense rows (weights are double, features float).</summary>
internal static class DenseKernels
{
    /// <summary>Σ w[i]·x[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Dot(ReadOnlySpan<double> w, ReadOnlySpan<float> x)
    {
        var i = 0;
        var sum = 0.0;
        if (Vector256.IsHardwareAccelerated && x.Length >= 8)
        {
            var acc0 = Vector256<double>.Zero;
            var acc1 = Vector256<double>.Zero;
            for (; i <= x.Length - 8; i += 8)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Create(x.Slice(i, 8)));
                acc0 += Vector256.Create(w.Slice(i, 4)) * lo;
                acc1 += Vector256.Create(w.Slice(i + 4, 4)) * hi;
            }

            sum = Vector256.Sum(acc0 + acc1);
        }

        for (; i < x.Length; i++)
        {
            sum += w[i] * x[i];
        }

        return sum;
    }

    /// <summary>g[i] += a·x[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled(Span<double> g, double a, ReadOnlySpan<float> x)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= 8)
        {
            var scale = Vector256.Create(a);
            for (; i <= x.Length - 8; i += 8)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Create(x.Slice(i, 8)));
                (Vector256.Create((ReadOnlySpan<double>)g.Slice(i, 4)) + (scale * lo)).CopyTo(g.Slice(i, 4));
                (Vector256.Create((ReadOnlySpan<double>)g.Slice(i + 4, 4)) + (scale * hi)).CopyTo(g.Slice(i + 4, 4));
            }
        }

        for (; i < x.Length; i++)
        {
            g[i] += a * x[i];
        }
    }
}
