using System.Text.RegularExpressions;

namespace Feedback.Core.Predictions;

/// <summary>Tracking IDs: server-generated UUIDv7 (time-ordered, so index inserts stay append-mostly), or client-supplied.</summary>
public static partial class TrackingIds
{
    public const int MaxLength = 128;

    public const string Rule = "must be 1-128 characters: letters, digits, '-', '_', '.' or ':'";

    public static string New(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("D");
    }

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
