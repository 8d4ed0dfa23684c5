namespace Feedback.Core.Labels;

/// <summary>Settings of the label join (section <c>Labels</c>).</summary>
public sealed class LabelJoinOptions
{
    public const string SectionName = "Labels";

    /// <summary>Tracking IDs resolved and written per database round trip. Defaults to 5000.</summary>
    public int ChunkSize { get; set; } = 5000;

    /// <summary>Rows received this recently are read again by the next run as well, because on PostgreSQL a row with a
    /// lower ID can commit after one with a higher ID has been seen. Longer than any ingestion transaction. Defaults to 1 minute.</summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromMinutes(1);
}
