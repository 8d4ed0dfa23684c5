namespace Feedback.Ml.Data;

/// <summary>A raw row could not be read into a <see cref="TabularData"/>: the message names the row and column.</summary>
public sealed class TabularDataException : FormatException
{
    /// <summary>Creates an exception for a bad cell.</summary>
    /// <param name="row">1-based data row number (the CSV header is not counted).</param>
    /// <param name="column">The column (feature, label or weight) at fault.</param>
    /// <param name="problem">What is wrong with the value.</param>
    public TabularDataException(long row, string column, string problem)
        : base($"Row {row}, column '{column}': {problem}")
    {
        Row = row;
        Column = column;
    }

    /// <summary>Creates an exception for a row-level problem (for example malformed JSON).</summary>
    public TabularDataException(long row, string problem, Exception? inner = null)
        : base($"Row {row}: {problem}", inner)
    {
        Row = row;
        Column = null;
    }

    /// <summary>1-based data row number.</summary>
    public long Row { get; }

    /// <summary>The column at fault, or null for a row-level problem.</summary>
    public string? Column { get; }
}
