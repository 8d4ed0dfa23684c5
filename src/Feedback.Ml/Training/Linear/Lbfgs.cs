namespace Feedback.Ml.Training.Linear;

/// <summary>Limited-memory BFGS (two-loop recursion) with a strong-Wolfe line search (Nocedal and Wright, algorithms
/// 7.4, 3.5 and 3.6), stopping on the rules of SciPy's L-BFGS-B so that iteration counts are comparable with
/// scikit-learn's: the largest gradient component at most <see cref="GradientTolerance"/>, or a relative objective
/// decrease at most <see cref="FunctionTolerance"/>.</summary>
internal sealed class Lbfgs
{
    private const double C1 = 1e-4;
    private const double C2 = 0.9;
    private const int MaxLineSearchEvaluations = 20;

    public delegate double Function(double[] x, double[] gradient);

    public required int Memory { get; init; }

    public required int MaxIterations { get; init; }

    public required double GradientTolerance { get; init; }

    public required double FunctionTolerance { get; init; }

    /// <summary>Minimises <paramref name="function"/> from <paramref name="x"/> (updated in place).</summary>
    /// <param name="onIteration">Called after each iteration with its 1-based number, the objective and the point.</param>
    /// <returns>The iterations run and whether a stopping rule (rather than the iteration limit) ended the run.</returns>
    public (int Iterations, bool Converged, double Objective) Minimize(
        Function function, double[] x, Action<int, double, double[]> onIteration, CancellationToken cancellationToken)
    {
        var n = x.Length;
        var g = new double[n];
        var f = function(x, g);
        if (MaxAbs(g) <= GradientTolerance)
        {
            return (0, true, f);
        }

        var s = new double[Memory][];
        var y = new double[Memory][];
        var rho = new double[Memory];
        var alpha = new double[Memory];
        var stored = 0;
        var newest = -1;
        var direction = new double[n];
        var trialX = new double[n];
        var trialG = new double[n];
        for (var iteration = 1; iteration <= MaxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ComputeDirection(g, direction, s, y, rho, alpha, stored, newest);
            var slope = Dot(g, direction);
            if (!(slope < 0))
            {
                // Not a descent direction (numerical trouble): forget the curvature pairs, go downhill.
                stored = 0;
                for (var i = 0; i < n; i++)
                {
                    direction[i] = -g[i];
                }

                slope = Dot(g, direction);
            }

            // Like L-BFGS-B, the first step has unit length; later steps try the quasi-Newton step α = 1 first.
            var initialStep = stored == 0 ? Math.Min(1.0, 1.0 / Math.Sqrt(Dot(direction, direction))) : 1.0;
            var (ok, fNew) = LineSearch(function, x, f, direction, slope, initialStep, trialX, trialG);
            if (!ok)
            {
                if (stored == 0)
                {
                    return (iteration - 1, true, f);
                }

                stored = 0;
                iteration--;
                continue;
            }

            newest = (newest + 1) % Memory;
            s[newest] ??= new double[n];
            y[newest] ??= new double[n];
            var sy = 0.0;
            for (var i = 0; i < n; i++)
            {
                s[newest][i] = trialX[i] - x[i];
                y[newest][i] = trialG[i] - g[i];
                sy += s[newest][i] * y[newest][i];
            }

            if (sy > 1e-10 * Dot(y[newest], y[newest]))
            {
                rho[newest] = 1.0 / sy;
                stored = Math.Min(stored + 1, Memory);
            }
            else
            {
                newest = (newest - 1 + Memory) % Memory; // Skip a pair that would break positive definiteness.
            }

            var decrease = (f - fNew) / Math.Max(Math.Max(Math.Abs(f), Math.Abs(fNew)), 1.0);
            trialX.CopyTo(x, 0);
            trialG.CopyTo(g, 0);
            f = fNew;
            onIteration(iteration, f, x);
            if (MaxAbs(g) <= GradientTolerance || decrease <= FunctionTolerance)
            {
                return (iteration, true, f);
            }
        }

        return (MaxIterations, false, f);
    }

    private void ComputeDirection(double[] g, double[] d, double[][] s, double[][] y, double[] rho, double[] alpha, int stored, int newest)
    {
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = -g[i];
        }

        if (stored == 0)
        {
            return;
        }

        var index = newest;
        for (var m = 0; m < stored; m++)
        {
            alpha[index] = rho[index] * Dot(s[index], d);
            Axpy(-alpha[index], y[index], d);
            index = (index - 1 + Memory) % Memory;
        }

        // Initial Hessian γI with γ = sᵀy / yᵀy of the newest pair.
        var gamma = 1.0 / (rho[newest] * Dot(y[newest], y[newest]));
        for (var i = 0; i < d.Length; i++)
        {
            d[i] *= gamma;
        }

        index = (newest - stored + 1 + Memory) % Memory;
        for (var m = 0; m < stored; m++)
        {
            var beta = rho[index] * Dot(y[index], d);
            Axpy(alpha[index] - beta, s[index], d);
            index = (index + 1) % Memory;
        }
    }

    /// <summary>Strong-Wolfe line search; on success <paramref name="trialX"/>/<paramref name="trialG"/> hold the accepted
    /// point (always the last one evaluated).</summary>
    private static (bool Ok, double F) LineSearch(
        Function function, double[] x, double f0, double[] d, double slope0, double step,
        double[] trialX, double[] trialG)
    {
        var evaluations = 0;
        double Evaluate(double a, out double slope)
        {
            evaluations++;
            for (var i = 0; i < x.Length; i++)
            {
                trialX[i] = x[i] + (a * d[i]);
            }

            var value = function(trialX, trialG);
            slope = Dot(trialG, d);
            return value;
        }

        double previousStep = 0, previousF = f0, previousSlope = slope0;
        while (evaluations < MaxLineSearchEvaluations)
        {
            var f = Evaluate(step, out var slope);
            if (!double.IsFinite(f) || f > f0 + (C1 * step * slope0) || (evaluations > 1 && f >= previousF))
            {
                return Zoom(previousStep, previousF, previousSlope, step, f, slope);
            }

            if (Math.Abs(slope) <= -C2 * slope0)
            {
                return (true, f);
            }

            if (slope >= 0)
            {
                return Zoom(step, f, slope, previousStep, previousF, previousSlope);
            }

            (previousStep, previousF, previousSlope) = (step, f, slope);
            step *= 2;
        }

        return (false, f0);

        (bool, double) Zoom(double lo, double fLo, double slopeLo, double hi, double fHi, double slopeHi)
        {
            while (evaluations < MaxLineSearchEvaluations)
            {
                var a = Interpolate(lo, fLo, slopeLo, hi, fHi, slopeHi);
                var f = Evaluate(a, out var slope);
                if (!double.IsFinite(f) || f > f0 + (C1 * a * slope0) || f >= fLo)
                {
                    (hi, fHi, slopeHi) = (a, f, slope);
                    continue;
                }

                if (Math.Abs(slope) <= -C2 * slope0)
                {
                    return (true, f);
                }

                if (slope * (hi - lo) >= 0)
                {
                    (hi, fHi, slopeHi) = (lo, fLo, slopeLo);
                }

                (lo, fLo, slopeLo) = (a, f, slope);
            }

            // Out of evaluations: accept the best sufficient-decrease point if it improves on the start.
            if (lo > 0 && fLo < f0)
            {
                return (true, Evaluate(lo, out _));
            }

            return (false, f0);
        }
    }

    /// <summary>Minimiser of the cubic through both ends (values and slopes), kept inside the middle 80 % of the interval.</summary>
    private static double Interpolate(double a, double fa, double da, double b, double fb, double db)
    {
        var d1 = da + db - (3 * (fa - fb) / (a - b));
        var radicand = (d1 * d1) - (da * db);
        var low = Math.Min(a, b);
        var high = Math.Max(a, b);
        var width = high - low;
        if (radicand >= 0 && double.IsFinite(fb))
        {
            var d2 = Math.Sign(b - a) * Math.Sqrt(radicand);
            var t = b - ((b - a) * (db + d2 - d1) / (db - da + (2 * d2)));
            if (double.IsFinite(t) && t > low + (0.1 * width) && t < high - (0.1 * width))
            {
                return t;
            }
        }

        return low + (0.5 * width);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    private static double MaxAbs(double[] v)
    {
        var max = 0.0;
        foreach (var value in v)
        {
            max = Math.Max(max, Math.Abs(value));
        }

        return max;
    }
}
