using System.Text.Json.Serialization;

namespace Feedback.Ml.Evaluation;

/// <summary>One feature value that defines a slice, e.g. <c>country = "NL"</c>.</summary>
/// <param name="Feature">The slicing feature's name.</param>
/// <param name="Value">The feature's value, as text (numbers use the invariant round-trip format).</param>
public sealed record SliceFeatureValue(string Feature, string Value);

/// <summary>
/// Identifies a slice: the overall slice (no feature values) or one value per feature of a slicing spec, in the
/// spec's feature order. Equality is by content, so keys from different partitions of the same data match.
/// </summary>
public sealed class SliceKey : IEquatable<SliceKey>
{
    /// <summary>The slice of all examples.</summary>
    public static readonly SliceKey Overall = new([]);

    /// <summary>Creates a key from its feature values (empty for the overall slice).</summary>
    [JsonConstructor]
    public SliceKey(IReadOnlyList<SliceFeatureValue> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        Features = features;
        Name = features.Count == 0 ? "Overall" : string.Join(" & ", features.Select(f => $"{f.Feature}={f.Value}"));
    }

    /// <summary>The feature values, in the order of the slicing spec's feature keys.</summary>
    public IReadOnlyList<SliceFeatureValue> Features { get; }

    /// <summary>Display name: <c>Overall</c>, or <c>feature=value &amp; feature=value</c> (written to JSON for display, ignored on read).</summary>
    public string Name { get; }

    /// <summary>True for the overall slice.</summary>
    [JsonIgnore]
    public bool IsOverall => Features.Count == 0;

    /// <summary>True when this key lists exactly these feature values in this order.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> featureValues)
    {
        ArgumentNullException.ThrowIfNull(featureValues);
        if (featureValues.Count != Features.Count)
        {
            return false;
        }

        // "*" matches any value of that feature, so one threshold can cover every slice of a spec.
        return Features.All(f => featureValues.TryGetValue(f.Feature, out var v) && (v == "*" || v == f.Value));
    }

    /// <inheritdoc />
    public bool Equals(SliceKey? other) =>
        other is not null && other.Features.Count == Features.Count && Features.SequenceEqual(other.Features);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SliceKey);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <inheritdoc />
    public override string ToString() => Name;
}
