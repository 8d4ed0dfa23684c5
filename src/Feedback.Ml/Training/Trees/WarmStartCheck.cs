namespace Feedback.Ml.Training.Trees;

/// <summary>Whether a parent ensemble can be continued on a new training set, and if not, why.</summary>
/// <remarks>
/// The rule: the task and class count must match, and every column the parent's trees split on must exist in the new
/// matrix under the same NAME (a column name is its identity across transform refits, see
/// <see cref="Data.FeatureMatrix"/>), exactly once. Positions may differ, and columns the parent never split on may be
/// added or removed: the parent's trees are remapped by name. A column that keeps its name but changes meaning (say, a
/// rescaled numeric) cannot be detected here; the transform must give it a new name.
/// </remarks>
public sealed class WarmStartCheck
{
    private WarmStartCheck(string? reason, int[]? columnMap)
    {
        Reason = reason;
        ColumnMap = columnMap;
    }

    /// <summary>True when the parent can be continued.</summary>
    public bool IsCompatible => Reason is null;

    /// <summary>Why the parent cannot be continued, or null when it can.</summary>
    public string? Reason { get; }

    /// <summary>For each parent column, its index in the new matrix (−1 for columns no tree splits on).</summary>
    internal int[]? ColumnMap { get; }

    /// <summary>Checks <paramref name="parent"/> against <paramref name="data"/>.</summary>
    public static WarmStartCheck Evaluate(TrainingSet data, TreeEnsemblePredictor parent)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(parent);
        if (parent.Task != data.Task)
        {
            return Incompatible($"The parent model is for {parent.Task}, the new data for {data.Task}.");
        }

        if (parent.ClassCount != data.ClassCount)
        {
            return Incompatible($"The parent model has {parent.ClassCount} classes, the new data {data.ClassCount}.");
        }

        var newIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var duplicated = new HashSet<string>(StringComparer.Ordinal);
        var names = data.Features.ColumnNames;
        for (var i = 0; i < names.Count; i++)
        {
            if (!newIndex.TryAdd(names[i], i))
            {
                duplicated.Add(names[i]);
            }
        }

        var map = new int[parent.ColumnNames.Count];
        Array.Fill(map, -1);
        foreach (var tree in parent.Trees)
        {
            foreach (var column in tree.Feature)
            {
                if (map[column] >= 0)
                {
                    continue;
                }

                var name = parent.ColumnNames[column];
                if (duplicated.Contains(name))
                {
                    return Incompatible($"Column '{name}', which the parent's trees split on, appears more than once in the new data.");
                }

                if (!newIndex.TryGetValue(name, out var index))
                {
                    return Incompatible($"Column '{name}', which the parent's trees split on, is not in the new data.");
                }

                map[column] = index;
            }
        }

        return new WarmStartCheck(null, map);
    }

    private static WarmStartCheck Incompatible(string reason) => new(reason + " Train from scratch instead.", null);
}
