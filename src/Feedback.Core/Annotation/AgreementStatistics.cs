namespace Feedback.Core.Annotation;

/// <summary>Inter-annotator agreement for nominal labels. Each unit (item) maps rater → label; raters may be missing.</summary>
public static class AgreementStatistics
{
    /// <summary>Mean over units with two or more labels of the share of rater pairs that agree; null without such units.</summary>
    public static double? PercentAgreement(IReadOnlyList<IReadOnlyDictionary<string, string>> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var shares = units.Where(u => u.Count >= 2).Select(u =>
        {
            var n = u.Count;
            var agreeing = u.Values.GroupBy(v => v, StringComparer.Ordinal).Sum(g => (double)g.Count() * (g.Count() - 1));
            return agreeing / (n * (n - 1.0));
        }).ToList();
        return shares.Count == 0 ? null : shares.Average();
    }

    /// <summary>Cohen's kappa for two raters over the units both labelled; null when undefined (no shared units, or
    /// chance agreement is 1).</summary>
    public static double? CohensKappa(IReadOnlyList<(string A, string B)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
        {
            return null;
        }

        double n = pairs.Count;
        var observed = pairs.Count(p => p.A == p.B) / n;
        var a = pairs.GroupBy(p => p.A, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count() / n, StringComparer.Ordinal);
        var b = pairs.GroupBy(p => p.B, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count() / n, StringComparer.Ordinal);
        var expected = a.Sum(kv => kv.Value * b.GetValueOrDefault(kv.Key));
        return expected >= 1 ? null : (observed - expected) / (1 - expected);
    }

    /// <summary>Cohen's kappa averaged over every pair of raters that share at least <paramref name="minShared"/> units.</summary>
    public static double? AverageCohensKappa(IReadOnlyList<IReadOnlyDictionary<string, string>> units, int minShared = 2)
    {
        ArgumentNullException.ThrowIfNull(units);
        var raters = units.SelectMany(u => u.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var kappas = new List<double>();
        for (var i = 0; i < raters.Count; i++)
        {
            for (var j = i + 1; j < raters.Count; j++)
            {
                var pairs = units.Where(u => u.ContainsKey(raters[i]) && u.ContainsKey(raters[j]))
                    .Select(u => (u[raters[i]], u[raters[j]])).ToList();
                if (pairs.Count >= minShared && CohensKappa(pairs) is { } kappa)
                {
                    kappas.Add(kappa);
                }
            }
        }

        return kappas.Count == 0 ? null : kappas.Average();
    }

    /// <summary>Fleiss' kappa from a subjects × categories count table (n_ij raters put subject i in category j). Subjects
    /// may have different numbers of raters; those with fewer than two are ignored.</summary>
    public static double? FleissKappa(IReadOnlyList<IReadOnlyList<int>> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var rows = counts.Where(r => r.Sum() >= 2).ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        var categories = rows.Max(r => r.Count);
        double total = rows.Sum(r => r.Sum());
        var p = new double[categories];
        foreach (var row in rows)
        {
            for (var j = 0; j < row.Count; j++)
            {
                p[j] += row[j] / total;
            }
        }

        var observed = rows.Average(r =>
        {
            double n = r.Sum();
            return r.Sum(c => (double)c * (c - 1)) / (n * (n - 1));
        });
        var expected = p.Sum(x => x * x);
        return expected >= 1 ? null : (observed - expected) / (1 - expected);
    }

    /// <summary>Fleiss' kappa of labelled units: builds the count table over every label seen.</summary>
    public static double? FleissKappa(IReadOnlyList<IReadOnlyDictionary<string, string>> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var labels = units.SelectMany(u => u.Values).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return FleissKappa([.. units.Select(u => (IReadOnlyList<int>)[.. labels.Select(l => u.Values.Count(v => v == l))])]);
    }

    /// <summary>Krippendorff's alpha for nominal data, any number of raters, missing values allowed (Krippendorff 2011):
    /// α = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k, over the coincidence matrix of pairable values.</summary>
    public static double? KrippendorffAlphaNominal(IReadOnlyList<IReadOnlyCollection<string>> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var coincidences = new Dictionary<(string, string), double>();
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var unit in units.Where(u => u.Count >= 2))
        {
            var values = unit.ToList();
            double m = values.Count;
            for (var i = 0; i < values.Count; i++)
            {
                for (var j = 0; j < values.Count; j++)
                {
                    if (i != j)
                    {
                        var key = (values[i], values[j]);
                        coincidences[key] = coincidences.GetValueOrDefault(key) + (1 / (m - 1));
                    }
                }

                totals[values[i]] = totals.GetValueOrDefault(values[i]) + 1;
            }
        }

        var n = totals.Values.Sum();
        if (n < 2)
        {
            return null;
        }

        var disagreeingObserved = coincidences.Where(kv => kv.Key.Item1 != kv.Key.Item2).Sum(kv => kv.Value);
        var disagreeingExpected = 0.0;
        foreach (var (c, nc) in totals)
        {
            foreach (var (k, nk) in totals)
            {
                if (c != k)
                {
                    disagreeingExpected += nc * nk;
                }
            }
        }

        return disagreeingExpected == 0 ? null : 1 - ((n - 1) * disagreeingObserved / disagreeingExpected);
    }
}
