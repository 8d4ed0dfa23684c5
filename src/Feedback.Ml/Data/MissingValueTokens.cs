namespace Feedback.Ml.Data;

/// <summary>The cell texts that mean "no value" in a file: an empty cell always, plus a set of tokens such as
/// <c>NA</c>. A token matches a whole cell, ignoring case (ordinal, culture-independent); surrounding spaces are not
/// trimmed, so <c>" NA"</c> is not missing.</summary>
/// <remarks>Exports from R, pandas and databases write missing values as <c>NA</c>, <c>NaN</c> or <c>null</c>;
/// without this set those cells would be rejected as "not a number" instead of being read as missing.</remarks>
public sealed class MissingValueTokens
{
    /// <summary>The longest token accepted.</summary>
    public const int MaxTokenLength = 64;

    /// <summary>The most tokens a set may hold.</summary>
    public const int MaxTokens = 32;

    private readonly HashSet<string> _tokens;

    private MissingValueTokens(IReadOnlyList<string> tokens)
    {
        Tokens = tokens;
        _tokens = new HashSet<string>(tokens, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The tokens used when none are configured: <c>NA</c>, <c>N/A</c>, <c>null</c>, <c>NaN</c> (and the empty cell).</summary>
    public static MissingValueTokens Default { get; } = new(["NA", "N/A", "null", "NaN"]);

    /// <summary>Only the empty cell is missing.</summary>
    public static MissingValueTokens EmptyOnly { get; } = new([]);

    /// <summary>The configured tokens, in the order given (the empty cell is implied and not listed).</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Whether this set is the default one.</summary>
    public bool IsDefault => Tokens.Count == Default.Tokens.Count && Tokens.All(Default._tokens.Contains);

    /// <summary>Whether a cell holds no value.</summary>
    public bool IsMissing(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.Length == 0 || (_tokens.Count > 0 && _tokens.Contains(cell));
    }

    /// <summary>Builds a set from configured tokens (an empty string among them is ignored: the empty cell is always missing).</summary>
    /// <param name="tokens">The tokens.</param>
    /// <param name="problem">Why the tokens are not acceptable, naming the first bad one; null when they are.</param>
    /// <returns>The set, or null when <paramref name="problem"/> is set.</returns>
    public static MissingValueTokens? TryCreate(IEnumerable<string?> tokens, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var kept = new List<string>();
        foreach (var token in tokens)
        {
            if (token is null)
            {
                problem = "a token must be a string";
                return null;
            }

            if (token.Length == 0)
            {
                continue;
            }

            if (token.Length > MaxTokenLength || token.Trim().Length != token.Length || token.Any(char.IsControl))
            {
                problem = $"'{token}' is not a token: at most {MaxTokenLength} characters, no leading or trailing spaces, no control characters";
                return null;
            }

            if (kept.Contains(token, StringComparer.OrdinalIgnoreCase))
            {
                problem = $"'{token}' appears more than once (tokens ignore case)";
                return null;
            }

            kept.Add(token);
        }

        if (kept.Count > MaxTokens)
        {
            problem = $"at most {MaxTokens} tokens are supported";
            return null;
        }

        problem = null;
        return new MissingValueTokens(kept);
    }

    /// <summary>The tokens as a person reads them: <c>empty, NA, N/A, null, NaN</c>.</summary>
    public override string ToString() => string.Join(", ", Tokens.Prepend("empty"));
}
