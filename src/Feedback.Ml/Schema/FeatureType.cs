namespace Feedback.Ml.Schema;

/// <summary>The value type of a feature.</summary>
public enum FeatureType
{
    /// <summary>A finite real number.</summary>
    Numeric,

    /// <summary>A value from a (possibly open) set of strings.</summary>
    Categorical,

    /// <summary>Free text, tokenised by the text transform.</summary>
    Text,

    /// <summary>True or false.</summary>
    Boolean,
}

/// <summary>What a column is used for.</summary>
public enum FeatureRole
{
    /// <summary>An input of the model.</summary>
    Feature,

    /// <summary>Recorded and used to slice evaluations, never fed to the model.</summary>
    SliceOnly,

    /// <summary>An identifier: recorded, never fed to the model or sliced on.</summary>
    Id,
}
