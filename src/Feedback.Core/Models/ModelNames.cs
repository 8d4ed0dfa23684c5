using System.Text.RegularExpressions;

namespace Feedback.Core.Models;

/// <summary>Rules for model names: URL-safe, lower case, no <c>:</c> (reserved for custom verbs like <c>:predict</c>).</summary>
public static partial class ModelNames
{
    public const int MaxLength = 64;

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    public const string Rule = "must be 1-64 characters: lower-case letters, digits, '-', '_' or '.', starting with a letter or digit";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
