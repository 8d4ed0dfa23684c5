namespace Feedback.Core.Storage;

/// <summary>Normalises timestamps to what both databases store: UTC, microsecond precision.</summary>
public static class Timestamps
{
    public static DateTimeOffset Normalize(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);
}
