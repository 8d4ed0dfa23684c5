using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Feedback.Core.Storage;

/// <summary>Stores a timestamp as microseconds since the Unix epoch (UTC): the same precision PostgreSQL keeps,
/// so both providers give back identical values, and SQLite can order and compare them.</summary>
public sealed class UnixMicrosecondsConverter() : ValueConverter<DateTimeOffset, long>(v => ToMicroseconds(v), v => FromMicroseconds(v))
{
    public static long ToMicroseconds(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicroseconds(long value) => new(DateTimeOffset.UnixEpoch.UtcTicks + (value * 10), TimeSpan.Zero);
}
