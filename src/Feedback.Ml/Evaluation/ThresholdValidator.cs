using System.Globalization;

namespace Feedback.Ml.Evaluation;

/// <summary>
/// Applies the config's metric thresholds with TFMA's semantics and decides the blessing. Value thresholds check the
/// candidate; change thresholds compare it with the baseline and are skipped, visibly, when there is no baseline.
/// </summary>
public static class ThresholdValidator
{
    /// <summary>Validates an evaluation against the config's thresholds.</summary>
    public static ValidationResult Validate(EvaluationConfig config, ModelEvaluation candidate, ModelEvaluation? baseline)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(candidate);
        var failures = new List<ValidationFailure>();
        var skipped = new List<SkippedCheck>();
        var passed = 0;
        foreach (var threshold in config.MetricThresholds)
        {
            var pattern = threshold.Slice is { Count: > 0 } s ? string.Join(" & ", s.Select(p => $"{p.Key}={p.Value}")) : SliceKey.Overall.Name;
            var slices = candidate.Slices.Where(m => threshold.AppliesTo(m.Slice)).ToList();
            if (slices.Count == 0)
            {
                var suppressed = candidate.SuppressedSlices.Where(x => threshold.AppliesTo(x.Slice)).ToList();
                skipped.Add(new SkippedCheck(threshold.Metric, pattern, suppressed.Count > 0
                    ? $"slice suppressed: {suppressed[0].ExampleCount} examples, below the minimum slice size {config.MinimumSliceSize}"
                    : "no examples fall in this slice"));
                continue;
            }

            foreach (var slice in slices)
            {
                var value = slice.Metrics[threshold.Metric].Value;
                if (threshold.Value is { } bounds)
                {
                    if (value is double v && bounds.IsSatisfiedBy(v))
                    {
                        passed++;
                    }
                    else
                    {
                        failures.Add(new ValidationFailure(threshold.Metric, slice.Slice, candidate.ModelName, null, ValidatedModel.Candidate, value, null, null, Describe(bounds)));
                    }
                }

                if (threshold.Change is { } change)
                {
                    passed += CheckChange(threshold.Metric, change, slice, value, candidate.ModelName, baseline, failures, skipped);
                }
            }
        }

        var ok = failures.Count == 0;
        var blessing = !ok ? null : new Blessing(candidate.ModelName, config.MetricThresholds.Count == 0
            ? "blessed because no thresholds were configured"
            : skipped.Count == 0
                ? $"all {passed} threshold checks passed"
                : $"all {passed} threshold checks that could run passed; {skipped.Count} skipped (see skipped)");
        return new ValidationResult(ok, passed, failures, skipped, blessing);
    }

    /// <summary>Runs a change threshold's checks; returns how many passed.</summary>
    private static int CheckChange(
        string metric, ChangeThreshold change, SliceMetrics slice, double? value, string modelName, ModelEvaluation? baseline,
        List<ValidationFailure> failures, List<SkippedCheck> skipped)
    {
        if (baseline is null)
        {
            skipped.Add(new SkippedCheck(metric, slice.Slice.Name, "change threshold skipped: no baseline model was evaluated"));
            return 0;
        }

        var baselineValue = baseline.Find(slice.Slice)?.Metrics[metric].Value;
        if (baselineValue is not double vb)
        {
            skipped.Add(new SkippedCheck(metric, slice.Slice.Name, $"change threshold skipped: the baseline '{baseline.ModelName}' has no value for this slice"));
            return 0;
        }

        var passed = 0;

        var direction = change.Direction == ChangeDirection.HigherIsBetter ? "higher is better" : "lower is better";
        var op = change.Direction == ChangeDirection.HigherIsBetter ? ">" : "<";
        if (change.Absolute is double absolute)
        {
            double? diff = value is double vc ? vc - vb : null;
            Record(diff is double d && change.Passes(d, absolute), diff, $"absolute change {op} {Format(absolute)} ({direction})");
        }

        if (change.Relative is double relative)
        {
            // v_c / v_b; with v_b = 0 the ratio is ±∞ or NaN, and NaN fails.
            double? ratio = value is double vc ? vc / vb : null;
            Record(ratio is double r && change.Passes(r, relative), ratio, $"relative change {op} {Format(relative)} ({direction})");
        }

        return passed;

        void Record(bool ok, double? observed, string description)
        {
            if (ok)
            {
                passed++;
                return;
            }

            failures.Add(new ValidationFailure(metric, slice.Slice, modelName, baseline.ModelName, ValidatedModel.CandidateVersusBaseline, value, vb, observed, description));
        }
    }

    private static string Describe(ValueThreshold bounds) => (bounds.LowerBound, bounds.UpperBound) switch
    {
        (double l, double u) => $"{Format(l)} < value < {Format(u)}",
        (double l, null) => $"value > {Format(l)}",
        (null, double u) => $"value < {Format(u)}",
        _ => "unbounded",
    };

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
