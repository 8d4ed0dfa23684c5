namespace Feedback.Ml.Training.Linear;

/// <summary>Whether a linear model can start from a parent model, and why not.</summary>
/// <param name="IsCompatible">True when a warm start is allowed.</param>
/// <param name="Reason">Why not, for logs and the run history; null when compatible.</param>
/// <param name="SharedColumns">Parent columns that exist, by name, in the new training matrix.</param>
/// <param name="ParentColumns">Columns of the parent.</param>
public sealed record WarmStartCheck(bool IsCompatible, string? Reason, int SharedColumns, int ParentColumns);

/// <summary>Decides whether a linear model can be warm-started from a parent.</summary>
/// <remarks>
/// Weights are mapped by column name, so a refitted categorical vocabulary that re-orders (re-indexes) categories is
/// harmless: <c>country=DE</c> keeps its weight wherever its column lands; new columns start at zero and dropped ones
/// are ignored. What breaks a warm start is a parent that is not linear, a different task or class set, or a
/// transform so different that fewer than <c>minSharedColumnFraction</c> of the parent's columns still exist (a
/// renamed feature, a changed hash width or numeric encoding): its weights would describe other inputs, and a cold
/// start is both safer and no slower.
/// </remarks>
public static class WarmStartCompatibility
{
    /// <summary>Default least fraction of the parent's columns that must exist in the new matrix: 0.5.</summary>
    public const double DefaultMinSharedColumnFraction = 0.5;

    /// <summary>Checks a parent against new training data.</summary>
    /// <param name="parent">The model to start from.</param>
    /// <param name="train">The new training set.</param>
    /// <param name="minSharedColumnFraction">Least fraction (0 to 1) of the parent's columns that must still exist.</param>
    /// <param name="parentClasses">The parent's label class names, when known (for example from its bundle).</param>
    /// <param name="trainClasses">The new data's label class names, when known.</param>
    public static WarmStartCheck Check(
        IPredictor? parent,
        TrainingSet train,
        double minSharedColumnFraction = DefaultMinSharedColumnFraction,
        IReadOnlyList<string>? parentClasses = null,
        IReadOnlyList<string>? trainClasses = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfNegative(minSharedColumnFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minSharedColumnFraction, 1.0);
        if (parent is null)
        {
            return new WarmStartCheck(false, "There is no parent model.", 0, 0);
        }

        var parentColumns = parent.ColumnNames.Count;
        if (parent is not LinearPredictor)
        {
            return new WarmStartCheck(false, $"The parent is a '{parent.FormatTag}' model; a linear model can only continue from a linear one.", 0, parentColumns);
        }

        if (parent.Task != train.Task)
        {
            return new WarmStartCheck(false, $"The parent is a {parent.Task} model; the new data is {train.Task}.", 0, parentColumns);
        }

        if (parent.OutputCount != train.ClassCount)
        {
            return new WarmStartCheck(false, $"The parent has {parent.OutputCount} classes; the new data has {train.ClassCount}.", 0, parentColumns);
        }

        if (parentClasses is not null && trainClasses is not null && !parentClasses.SequenceEqual(trainClasses, StringComparer.Ordinal))
        {
            return new WarmStartCheck(false, $"The label classes changed from [{string.Join(", ", parentClasses)}] to [{string.Join(", ", trainClasses)}].", 0, parentColumns);
        }

        var map = ColumnMap(parent.ColumnNames, train.Features.ColumnNames);
        var shared = map.Count(i => i >= 0);
        var required = (int)Math.Ceiling(minSharedColumnFraction * parentColumns);
        if (shared < required || (shared == 0 && parentColumns > 0))
        {
            return new WarmStartCheck(
                false,
                $"Only {shared} of the parent's {parentColumns} columns exist in the new features (at least {required} needed): the transform changed too much, so cold-start.",
                shared,
                parentColumns);
        }

        return new WarmStartCheck(true, null, shared, parentColumns);
    }

    /// <summary>For each new column, the parent's column of the same name, or -1.</summary>
    internal static int[] ColumnMap(IReadOnlyList<string> parentColumns, IReadOnlyList<string> newColumns)
    {
        var map = new int[newColumns.Count];
        if (ReferenceEquals(parentColumns, newColumns))
        {
            for (var j = 0; j < map.Length; j++)
            {
                map[j] = j;
            }

            return map;
        }

        var parentIndex = new Dictionary<string, int>(parentColumns.Count, StringComparer.Ordinal);
        var i = 0;
        foreach (var name in parentColumns)
        {
            parentIndex.TryAdd(name, i++);
        }

        var j2 = 0;
        foreach (var name in newColumns)
        {
            map[j2++] = parentIndex.TryGetValue(name, out var p) ? p : -1;
        }

        return map;
    }
}
