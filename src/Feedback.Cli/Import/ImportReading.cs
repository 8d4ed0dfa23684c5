using Feedback.Core.Models;
using Feedback.Ml.Data;

namespace Feedback.Cli.Import;

/// <summary>How one import reads its file: the model's <see cref="ImportSettings"/> with the command line's options
/// on top, and the columns it skipped (reported after the import).</summary>
internal sealed class ImportReading
{
    private readonly HashSet<string> _ignore;

    public ImportReading(ImportSettings model, ImportOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(overrides);
        MissingValues = overrides.MissingValues ?? model.MissingValues;
        _ignore = new HashSet<string>(model.IgnoreColumns.Concat(overrides.IgnoreColumns), StringComparer.Ordinal);
        IgnoreExtraColumns = model.IgnoreExtraColumns || overrides.IgnoreExtraColumns;
    }

    /// <summary>Cell texts read as missing values in feature and label columns.</summary>
    public MissingValueTokens MissingValues { get; }

    /// <summary>Whether every column that is neither a feature nor a known column is skipped.</summary>
    public bool IgnoreExtraColumns { get; }

    /// <summary>The columns that were skipped, by name.</summary>
    public SortedSet<string> Ignored { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether a column that is neither a feature nor a known column is skipped (and records it if so).</summary>
    public bool Skips(string column)
    {
        if (!IgnoreExtraColumns && !_ignore.Contains(column))
        {
            return false;
        }

        Ignored.Add(column);
        return true;
    }

    /// <summary>The command-line options a person would use to skip <paramref name="columns"/>.</summary>
    public static string Fix(IEnumerable<string> columns) =>
        $"skip {(columns.Count() == 1 ? "it" : "them")} with --ignore-columns {string.Join(',', columns)} (or --ignore-extra-columns, or import.ignoreColumns in the model definition)";
}

/// <summary>What the command line says about reading the file; null or empty where it says nothing.</summary>
/// <param name="MissingValues">Replaces the model's missing-value tokens when given.</param>
/// <param name="IgnoreColumns">Added to the model's ignored columns.</param>
/// <param name="IgnoreExtraColumns">Skip every extra column.</param>
internal sealed record ImportOverrides(MissingValueTokens? MissingValues, IReadOnlyList<string> IgnoreColumns, bool IgnoreExtraColumns)
{
    public static readonly ImportOverrides None = new(null, [], false);
}
