namespace Feedback.Core.Text;

/// <summary>What both databases can store as text: no NUL character (PostgreSQL refuses it, SQLSTATE 22021) and no
/// unpaired UTF-16 surrogate (it has no UTF-8 encoding, so neither database can hold it).</summary>
public static class StorableText
{
    /// <summary>Why <paramref name="value"/> cannot be stored, or null when it can.</summary>
    public static string? Problem(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return $"contains a NUL character (\\u0000) at position {i}, which cannot be stored";
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                    continue;
                }

                return $"contains an unpaired UTF-16 surrogate (\\u{(int)c:x4}) at position {i}: not valid Unicode text";
            }

            if (char.IsLowSurrogate(c))
            {
                return $"contains an unpaired UTF-16 surrogate (\\u{(int)c:x4}) at position {i}: not valid Unicode text";
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="value"/> can be stored by both databases.</summary>
    public static bool IsStorable(ReadOnlySpan<char> value) => Problem(value) is null;
}
