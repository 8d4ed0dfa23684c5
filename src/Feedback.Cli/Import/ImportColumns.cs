namespace Feedback.Cli.Import;

/// <summary>The names of the columns (CSV) or fields (JSON lines) that are not features.</summary>
/// <param name="TrackingId">The prediction's tracking ID; one is generated when the cell is empty.</param>
/// <param name="ServedAt">When the prediction was served (ISO 8601); the import time when empty.</param>
/// <param name="Label">The label the model predicted.</param>
/// <param name="TrueLabel">The true label: stored as an <c>outcome</c> feedback event.</param>
internal sealed record ImportColumns(string TrackingId, string ServedAt, string Label, string TrueLabel)
{
    public bool IsSpecial(string name) => name == TrackingId || name == ServedAt || name == Label || name == TrueLabel;

    public override string ToString() => $"{TrackingId}, {ServedAt}, {Label} or {TrueLabel}";
}
