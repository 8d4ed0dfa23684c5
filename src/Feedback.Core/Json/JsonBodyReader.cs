using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Feedback.Core.Errors;

namespace Feedback.Core.Json;

/// <summary>Deserialises request bodies (JSON documents or NDJSON lines) and turns every JSON failure into a field-level error.</summary>
public static partial class JsonBodyReader
{
    public static T Read<T>(ReadOnlySpan<byte> utf8, string? pathPrefix = null)
        where T : class
    {
        if (utf8.IsEmpty || utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new InvalidInputException("body", "is empty: a JSON document is required");
        }

        JsonTextGuard.Check(utf8, pathPrefix);
        try
        {
            var typeInfo = (JsonTypeInfo<T>)FeedbackJson.Strict.GetTypeInfo(typeof(T));
            return JsonSerializer.Deserialize(utf8, typeInfo)
                ?? throw new InvalidInputException(pathPrefix ?? "body", "must be a JSON object, not null");
        }
        catch (JsonException exception)
        {
            throw new InvalidInputException(Translate(exception, pathPrefix));
        }
    }

    /// <summary>Reads newline-delimited JSON: one <typeparamref name="T"/> per non-blank line; errors are keyed
    /// <c>{collection}[i]</c> with i the zero-based record index, and name the line.</summary>
    public static List<T?> ReadLines<T>(ReadOnlySpan<byte> utf8, string collection, int maxRecords)
        where T : class
    {
        var records = new List<T?>();
        var errors = new FieldErrors();
        var lineNumber = 0;
        while (!utf8.IsEmpty)
        {
            lineNumber++;
            var end = utf8.IndexOf((byte)'\n');
            var line = end < 0 ? utf8 : utf8[..end];
            utf8 = end < 0 ? [] : utf8[(end + 1)..];
            if (line.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            if (records.Count == maxRecords)
            {
                throw new PayloadTooLargeException(collection, $"{collection}: more than {maxRecords} records in one request; split the batch");
            }

            var path = $"{collection}[{records.Count}]";
            try
            {
                records.Add(Read<T>(line, path));
            }
            catch (InvalidInputException exception)
            {
                foreach (var (field, messages) in exception.Errors)
                {
                    foreach (var message in messages)
                    {
                        errors.Add(field, $"line {lineNumber}: {message}");
                    }
                }

                records.Add(null);
            }
        }

        errors.ThrowIfAny();
        if (records.Count == 0)
        {
            throw new InvalidInputException("body", "contains no records: send one JSON object per line");
        }

        return records;
    }

    internal static FieldErrors Translate(JsonException exception, string? prefix)
    {
        var field = FieldPath(exception.Path, prefix);
        var message = exception.Message;
        var location = exception.LineNumber is { } line
            ? $" (line {line + 1}, position {(exception.BytePositionInLine ?? 0) + 1})"
            : string.Empty;

        if (UnmappedMember().Match(message) is { Success: true } unmapped)
        {
            var name = unmapped.Groups[1].Value;
            if (!field.EndsWith(name, StringComparison.Ordinal))
            {
                field = field.Length == 0 || field == "body" ? name : $"{field}.{name}";
            }

            return FieldErrors.For(field, "is not a known field");
        }

        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return FieldErrors.For(field, "appears more than once");
        }

        if (ConversionTarget().Match(message) is { Success: true } conversion)
        {
            return FieldErrors.For(field, $"has the wrong type: expected {Describe(conversion.Groups[1].Value)}");
        }

        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return FieldErrors.For(field, "is nested too deeply");
        }

        // Anything else is a syntax error; keep the reader's own words, minus the .NET-specific tail.
        var reason = message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd();
        return FieldErrors.For(field, $"is not valid JSON{location}: {reason}");
    }

    private static string FieldPath(string? jsonPath, string? prefix)
    {
        var path = (jsonPath ?? "$").TrimStart('$').TrimStart('.');
        if (prefix is null)
        {
            return path.Length == 0 ? "body" : path;
        }

        return path.Length == 0 ? prefix : path.StartsWith('[') ? prefix + path : $"{prefix}.{path}";
    }

    private static string Describe(string clrType)
    {
        var simple = clrType.Split('.', '`')[^1].TrimEnd(']', '[');
        return clrType switch
        {
            _ when clrType.Contains("Nullable`1[[System.DateTimeOffset", StringComparison.Ordinal) || simple == "DateTimeOffset" => "an ISO 8601 timestamp such as 2026-01-31T12:00:00Z",
            _ when clrType.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            _ when clrType.Contains("Double", StringComparison.Ordinal) => "a finite number",
            _ when clrType.Contains("Int32", StringComparison.Ordinal) || clrType.Contains("Int64", StringComparison.Ordinal) => "an integer",
            _ when clrType.Contains("Dictionary", StringComparison.Ordinal) => "an object",
            _ when clrType.Contains("List", StringComparison.Ordinal) => "an array",
            _ when clrType == "System.String" => "a string",
            _ => "an object",
        };
    }

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped", RegexOptions.CultureInvariant)]
    private static partial Regex UnmappedMember();

    [GeneratedRegex("could not be converted to ([^ .]+(?:\\.[^ .]+)*(?:\\[\\[[^\\]]*\\]\\])?)", RegexOptions.CultureInvariant)]
    private static partial Regex ConversionTarget();
}
