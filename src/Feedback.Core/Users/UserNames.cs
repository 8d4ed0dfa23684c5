using System.Text.RegularExpressions;

namespace Feedback.Core.Users;

/// <summary>User names: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit.</summary>
public static partial class UserNames
{
    public const string Rule = "is required: 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
