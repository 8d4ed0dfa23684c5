using System.Text.RegularExpressions;

namespace Feedback.Core.FeedbackEvents;

public static class FeedbackLimits
{
    public const int MaxIdLength = 128;
    public const int MaxLabelLength = 256;
    public const int MaxCommentLength = 4000;
}

/// <summary>Names of implicit actions (<c>click</c>, <c>purchase</c>, <c>add_to_cart</c>…).</summary>
public static partial class ActionNames
{
    public const string Rule = "must be 1-64 characters: lower-case letters, digits, '_', '-' or '.'";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
