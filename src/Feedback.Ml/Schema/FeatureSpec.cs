namespace Feedback.Ml.Schema;

/// <summary>One column of a <see cref="FeatureSchema"/>.</summary>
/// <param name="Name">The feature name, unique within the schema.</param>
/// <param name="Type">The value type.</param>
/// <param name="Required">Whether every example must carry a non-null value.</param>
/// <param name="Role">What the column is used for.</param>
public sealed record FeatureSpec(string Name, FeatureType Type, bool Required = true, FeatureRole Role = FeatureRole.Feature)
{
    /// <summary>Default upper bound on the length of a text or categorical value, in characters.</summary>
    public const int DefaultMaxLength = 10_000;

    /// <summary>Longest accepted string value, in characters. Applies to text and categorical features.
    /// Defaults to <see cref="DefaultMaxLength"/>.</summary>
    public int MaxLength { get; init; } = DefaultMaxLength;

    /// <summary>Whether the model consumes this column.</summary>
    public bool IsModelInput => Role == FeatureRole.Feature;
}
