using System.Text.RegularExpressions;

namespace Feedback.Core.Privacy;

/// <summary>Removes e-mail addresses, card numbers and phone numbers from free text before it is stored (SPEC §3.4).</summary>
/// <remarks>Deliberately greedy: a false positive costs a few characters of a comment, a false negative leaks personal data.</remarks>
public static partial class PiiScrubber
{
    public const string EmailMask = "[email]";
    public const string CardMask = "[card]";
    public const string PhoneMask = "[phone]";

    public static string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return text;
        }

        text = Email().Replace(text, EmailMask);
        text = Card().Replace(text, m => PassesLuhn(m.Value) ? CardMask : m.Value);
        return Phone().Replace(text, m => m.Value.Count(char.IsAsciiDigit) >= 7 ? PhoneMask : m.Value);
    }

    private static bool PassesLuhn(string candidate)
    {
        var sum = 0;
        var digits = 0;
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            var c = candidate[i];
            if (c is < '0' or > '9')
            {
                continue;
            }

            var d = c - '0';
            if (digits % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            digits++;
        }

        return digits is >= 13 and <= 19 && sum % 10 == 0;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:\d[ -]?){12,18}\d\b", RegexOptions.CultureInvariant)]
    private static partial Regex Card();

    // International (+44 20 7946 0958) or local (555-123-4567, (555) 123 4567) numbers of 7+ digits.
    [GeneratedRegex(@"(?<![\w])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){1,4}(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();
}
