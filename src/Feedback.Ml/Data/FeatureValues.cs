using System.Globalization;
using System.Text.Json;

namespace Feedback.Ml.Data;

/// <summary>Converts raw cell values (CLR primitives, strings from CSV, <see cref="JsonElement"/>s) into the typed
/// values of the columns. Training data and single serving rows both go through these functions, so a value means
/// the same thing in both.</summary>
/// <remarks>Each converter returns null on success and a problem description otherwise, so that callers can name
/// the row and column in their exception.</remarks>
internal static class FeatureValues
{
    public static string? ToNumber(object? raw, out double value)
    {
        value = double.NaN;
        switch (raw)
        {
            case null:
                return null;
            case double d:
                value = d;
                break;
            case float f:
                value = f;
                break;
            case int i:
                value = i;
                break;
            case long l:
                value = l;
                break;
            case decimal m:
                value = (double)m;
                break;
            case string s:
                if (s.Length == 0)
                {
                    return null;
                }

                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                {
                    value = double.NaN;
                    return $"'{Shorten(s)}' is not a number.";
                }

                break;
            case JsonElement json:
                return json.ValueKind switch
                {
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    JsonValueKind.Number => ToNumber(json.GetDouble(), out value),
                    JsonValueKind.String => ToNumber(json.GetString(), out value),
                    _ => $"a JSON {json.ValueKind} is not a number.",
                };
            default:
                return $"a {raw.GetType().Name} is not a number.";
        }

        return double.IsInfinity(value) ? $"{value.ToString(CultureInfo.InvariantCulture)} is not finite." : null;
    }

    public static string? ToBoolean(object? raw, out sbyte value)
    {
        value = -1;
        switch (raw)
        {
            case null:
                return null;
            case bool b:
                value = b ? (sbyte)1 : (sbyte)0;
                return null;
            case int or long or double or float:
                var number = Convert.ToDouble(raw, CultureInfo.InvariantCulture);
                if (number is 0 or 1)
                {
                    value = (sbyte)number;
                    return null;
                }

                return $"{number.ToString(CultureInfo.InvariantCulture)} is not a boolean (use 0 or 1).";
            case string s:
                if (s.Length == 0)
                {
                    return null;
                }

                if (s is "1" || s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("yes", StringComparison.OrdinalIgnoreCase))
                {
                    value = 1;
                    return null;
                }

                if (s is "0" || s.Equals("false", StringComparison.OrdinalIgnoreCase) || s.Equals("no", StringComparison.OrdinalIgnoreCase))
                {
                    value = 0;
                    return null;
                }

                return $"'{Shorten(s)}' is not a boolean.";
            case JsonElement json:
                return json.ValueKind switch
                {
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    JsonValueKind.True => ToBoolean(true, out value),
                    JsonValueKind.False => ToBoolean(false, out value),
                    JsonValueKind.Number => ToBoolean(json.GetDouble(), out value),
                    JsonValueKind.String => ToBoolean(json.GetString(), out value),
                    _ => $"a JSON {json.ValueKind} is not a boolean.",
                };
            default:
                return $"a {raw.GetType().Name} is not a boolean.";
        }
    }

    /// <summary>Converts to a string for categorical and text features (and classification labels). Numbers use their
    /// invariant text; an empty string is missing for categorical values but kept as text.</summary>
    public static string? ToText(object? raw, int maxLength, out string? value)
    {
        if (raw is JsonElement { ValueKind: JsonValueKind.Object or JsonValueKind.Array } nested)
        {
            value = null;
            return $"a JSON {nested.ValueKind} is not a string.";
        }

        value = raw switch
        {
            null => null,
            string s => s,
            bool b => b ? "true" : "false",
            IFormattable f when raw is int or long or double or float or decimal => f.ToString(null, CultureInfo.InvariantCulture),
            JsonElement json => json.ValueKind switch
            {
                JsonValueKind.String => json.GetString(),
                JsonValueKind.Number => json.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            },
            _ => null,
        };
        if (value is null && raw is not null && raw is not JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined })
        {
            return $"a {raw.GetType().Name} is not a string.";
        }

        return value is not null && value.Length > maxLength ? $"the value is {value.Length} characters long; the limit is {maxLength}." : null;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : string.Concat(s.AsSpan(0, 40), "…");
}
