using Feedback.Ml.Data;

namespace Feedback.Core.Models;

/// <summary>How files imported for a model are read (<c>feedback import</c>): which cells are missing values and which
/// columns that are not features are skipped instead of failing the import.</summary>
/// <param name="MissingValues">Cell texts read as missing values (the empty cell always is).</param>
/// <param name="IgnoreColumns">Columns skipped by name.</param>
/// <param name="IgnoreExtraColumns">Whether every column that is neither a feature nor a known column is skipped.</param>
public sealed record ImportSettings(MissingValueTokens MissingValues, IReadOnlyList<string> IgnoreColumns, bool IgnoreExtraColumns)
{
    /// <summary>The default tokens, and strict columns: an extra column fails the import.</summary>
    public static readonly ImportSettings Default = new(MissingValueTokens.Default, [], false);

    /// <summary>Whether these are the defaults (then the stored definition leaves them out).</summary>
    public bool IsDefault => MissingValues.IsDefault && IgnoreColumns.Count == 0 && !IgnoreExtraColumns;
}
