using System.Text.Json.Serialization;

namespace Feedback.Ml.Validation;

/// <summary>A curated, versioned data schema: per-feature constraints that statistics are validated against, and
/// the drift and skew thresholds. Immutable: every edit returns the next version with a change note.</summary>
/// <remarks>Created by <see cref="SchemaInferrer"/> on a model's first run, then edited by people; the pipeline
/// stores each version as JSON (<see cref="ValidationJson"/>), so schema changes are explicit and reviewable.</remarks>
public sealed class DataSchema
{
    /// <summary>Creates a schema version.</summary>
    /// <param name="version">Version number, at least 1.</param>
    /// <param name="changeNote">What changed in this version and why.</param>
    /// <param name="features">Constraints per feature; names unique.</param>
    /// <param name="label">Constraints of the label column, or null when the data has no label.</param>
    /// <exception cref="ArgumentOutOfRangeException">The version, a presence, a range or a threshold is out of range.</exception>
    /// <exception cref="ArgumentException">Two features share a name, or a name is blank.</exception>
    [JsonConstructor]
    public DataSchema(int version, string changeNote, IReadOnlyList<FeatureConstraints> features, FeatureConstraints? label = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        ArgumentNullException.ThrowIfNull(changeNote);
        ArgumentNullException.ThrowIfNull(features);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feature in label is null ? features : features.Append(label))
        {
            ArgumentNullException.ThrowIfNull(feature, nameof(features));
            ArgumentException.ThrowIfNullOrWhiteSpace(feature.Name, nameof(features));
            if (!names.Add(feature.Name))
            {
                throw new ArgumentException($"Feature '{feature.Name}' appears more than once in the schema.", nameof(features));
            }

            Check(feature);
        }

        Version = version;
        ChangeNote = changeNote;
        Features = [.. features];
        Label = label;
    }

    /// <summary>The version number; each edit adds one.</summary>
    public int Version { get; }

    /// <summary>What changed in this version.</summary>
    public string ChangeNote { get; }

    /// <summary>Constraints per feature.</summary>
    public IReadOnlyList<FeatureConstraints> Features { get; }

    /// <summary>Constraints of the label, or null.</summary>
    public FeatureConstraints? Label { get; }

    /// <summary>A feature's (or the label's) constraints by name, or null.</summary>
    public FeatureConstraints? Find(string name) =>
        Features.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal))
        ?? (Label is not null && string.Equals(Label.Name, name, StringComparison.Ordinal) ? Label : null);

    /// <summary>The next version with <paramref name="feature"/> added, or replacing the feature of the same name.</summary>
    public DataSchema WithFeature(FeatureConstraints feature, string changeNote)
    {
        ArgumentNullException.ThrowIfNull(feature);
        var features = Features.ToList();
        var index = features.FindIndex(f => string.Equals(f.Name, feature.Name, StringComparison.Ordinal));
        if (index >= 0)
        {
            features[index] = feature;
        }
        else
        {
            features.Add(feature);
        }

        return new DataSchema(Version + 1, changeNote, features, Label);
    }

    /// <summary>The next version without the named feature.</summary>
    /// <exception cref="ArgumentException">No feature has that name.</exception>
    public DataSchema WithoutFeature(string name, string changeNote)
    {
        var features = Features.Where(f => !string.Equals(f.Name, name, StringComparison.Ordinal)).ToList();
        if (features.Count == Features.Count)
        {
            throw new ArgumentException($"The schema has no feature '{name}'.", nameof(name));
        }

        return new DataSchema(Version + 1, changeNote, features, Label);
    }

    /// <summary>The next version with the label's constraints replaced (null removes the label).</summary>
    public DataSchema WithLabel(FeatureConstraints? label, string changeNote) => new(Version + 1, changeNote, Features, label);

    /// <summary>Drift thresholds by feature name, for the features (and label) that have one.</summary>
    public IReadOnlyDictionary<string, DistanceThreshold> DriftThresholds() => Thresholds(static f => f.DriftThreshold);

    /// <summary>Skew thresholds by feature name, for the features (and label) that have one.</summary>
    public IReadOnlyDictionary<string, DistanceThreshold> SkewThresholds() => Thresholds(static f => f.SkewThreshold);

    private Dictionary<string, DistanceThreshold> Thresholds(Func<FeatureConstraints, DistanceThreshold?> select)
    {
        var result = new Dictionary<string, DistanceThreshold>(StringComparer.Ordinal);
        foreach (var feature in Label is null ? Features : Features.Append(Label))
        {
            if (select(feature) is { } threshold)
            {
                result[feature.Name] = threshold;
            }
        }

        return result;
    }

    private static void Check(FeatureConstraints feature)
    {
        if (feature.MinPresence is < 0 or > 1 || double.IsNaN(feature.MinPresence))
        {
            throw new ArgumentOutOfRangeException(nameof(feature), feature.MinPresence, $"{feature.Name}: MinPresence must be between 0 and 1, was {feature.MinPresence}.");
        }

        if (feature.Range is { } range && (double.IsNaN(range.Min) || double.IsNaN(range.Max) || range.Min > range.Max))
        {
            throw new ArgumentOutOfRangeException(nameof(feature), range, $"{feature.Name}: Range must have Min <= Max, was [{range.Min}, {range.Max}].");
        }

        foreach (var threshold in new[] { feature.DriftThreshold, feature.SkewThreshold })
        {
            if (threshold is not null)
            {
                DriftOptions.CheckThreshold(feature.Name, threshold);
            }
        }
    }
}
