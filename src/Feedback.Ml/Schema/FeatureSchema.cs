using System.Collections;

namespace Feedback.Ml.Schema;

/// <summary>An ordered, name-indexed set of <see cref="FeatureSpec"/>s describing the inputs of a model.</summary>
/// <remarks>Shared by ingestion (validating logged inputs), transforms and trainers, so that the columns a model
/// was trained on are exactly the ones it is served with.</remarks>
public sealed class FeatureSchema : IReadOnlyList<FeatureSpec>
{
    private readonly FeatureSpec[] _features;
    private readonly Dictionary<string, int> _indexByName;

    /// <summary>Creates a schema. Names must be unique (ordinal comparison).</summary>
    /// <exception cref="ArgumentException">Two features share a name.</exception>
    public FeatureSchema(IEnumerable<FeatureSpec> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        _features = features.ToArray();
        _indexByName = new Dictionary<string, int>(_features.Length, StringComparer.Ordinal);
        for (var i = 0; i < _features.Length; i++)
        {
            if (!_indexByName.TryAdd(_features[i].Name, i))
            {
                throw new ArgumentException($"Feature '{_features[i].Name}' appears more than once.", nameof(features));
            }
        }
    }

    /// <inheritdoc />
    public int Count => _features.Length;

    /// <inheritdoc />
    public FeatureSpec this[int index] => _features[index];

    /// <summary>Finds a feature by name.</summary>
    public bool TryGet(string name, out FeatureSpec feature)
    {
        if (_indexByName.TryGetValue(name, out var index))
        {
            feature = _features[index];
            return true;
        }

        feature = null!;
        return false;
    }

    /// <summary>The index of a feature by name, or -1.</summary>
    public int IndexOf(string name) => _indexByName.TryGetValue(name, out var index) ? index : -1;

    /// <inheritdoc />
    public IEnumerator<FeatureSpec> GetEnumerator() => ((IEnumerable<FeatureSpec>)_features).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
