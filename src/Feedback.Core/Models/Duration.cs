using System.Globalization;

namespace Feedback.Core.Models;

/// <summary>Reads and writes human durations: <c>90s</c>, <c>30m</c>, <c>12h</c>, <c>7d</c>, <c>250ms</c>, or <c>hh:mm:ss</c>.</summary>
public static class Duration
{
    private static readonly (string Suffix, TimeSpan Unit)[] Units =
    [
        ("ms", TimeSpan.FromMilliseconds(1)),
        ("s", TimeSpan.FromSeconds(1)),
        ("m", TimeSpan.FromMinutes(1)),
        ("h", TimeSpan.FromHours(1)),
        ("d", TimeSpan.FromDays(1)),
    ];

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        foreach (var (suffix, unit) in Units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && (suffix != "s" || !text.EndsWith("ms", StringComparison.Ordinal))
                && (suffix != "m" || !text.EndsWith("ms", StringComparison.Ordinal))
                && long.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                if (count > TimeSpan.MaxValue.Ticks / unit.Ticks)
                {
                    return false;
                }

                value = TimeSpan.FromTicks(count * unit.Ticks);
                return true;
            }
        }

        return text.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value)
            && value >= TimeSpan.Zero;
    }

    /// <summary>The shortest exact form, using the largest unit that divides the value.</summary>
    public static string Format(TimeSpan value)
    {
        for (var i = Units.Length - 1; i >= 0; i--)
        {
            var (suffix, unit) = Units[i];
            if (value.Ticks % unit.Ticks == 0)
            {
                return (value.Ticks / unit.Ticks).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }

        return value.ToString("c", CultureInfo.InvariantCulture);
    }
}
