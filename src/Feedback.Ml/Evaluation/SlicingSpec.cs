namespace Feedback.Ml.Evaluation;

/// <summary>
/// Which slices to compute: no feature keys is the overall slice; one key gives a slice per value of that feature;
/// several keys give a slice per combination of values (a cross), as TFMA's <c>SlicingSpec(feature_keys=...)</c>.
/// </summary>
public sealed class SlicingSpec
{
    /// <summary>Creates a spec.</summary>
    /// <exception cref="ArgumentException">A blank or repeated feature key.</exception>
    public SlicingSpec(IReadOnlyList<string>? featureKeys = null)
    {
        FeatureKeys = featureKeys ?? [];
        for (var i = 0; i < FeatureKeys.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(FeatureKeys[i]))
            {
                throw new ArgumentException($"featureKeys[{i}] is blank.", nameof(featureKeys));
            }

            if (FeatureKeys.Take(i).Contains(FeatureKeys[i], StringComparer.Ordinal))
            {
                throw new ArgumentException($"featureKeys[{i}] '{FeatureKeys[i]}' is repeated.", nameof(featureKeys));
            }
        }
    }

    /// <summary>The slicing features; empty for the overall slice.</summary>
    public IReadOnlyList<string> FeatureKeys { get; }

    /// <summary>Display form, e.g. <c>country × age</c>.</summary>
    public override string ToString() => FeatureKeys.Count == 0 ? "Overall" : string.Join(" × ", FeatureKeys);
}
