using System.Globalization;
using System.Text;
using System.Text.Json;
using Feedback.Core.Models;
using Feedback.Ml.Schema;

namespace Feedback.Cli.Import;

/// <summary>Reads an import file row by row, streaming: CSV (a header row; an empty cell or a missing-value token is a
/// missing value) or JSON lines (one flat object per line; null or a string that is a missing-value token is a
/// missing value). Tokens apply to features and the label columns, never to the tracking ID or the time.</summary>
internal static class ImportSource
{
    private static readonly JsonDocumentOptions LineOptions = new() { AllowDuplicateProperties = false, MaxDepth = 16 };

    public static IEnumerable<SourceRow> Read(string path, ModelDefinition definition, ImportColumns columns, ImportReading reading)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan });
        var rows = Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase)
            ? Csv(reader, definition, columns, reading)
            : JsonLines(reader, definition, columns, reading);
        foreach (var row in rows)
        {
            yield return row;
        }
    }

    private static IEnumerable<SourceRow> Csv(TextReader text, ModelDefinition definition, ImportColumns columns, ImportReading reading)
    {
        var reader = new CsvRecordReader(text);
        var header = new List<string>();
        if (!reader.ReadRecord(header))
        {
            yield break;
        }

        var kinds = CheckHeader(header, definition, columns, reading);
        var cells = new List<string>(header.Count);
        while (reader.ReadRecord(cells))
        {
            if (cells.Count == 1 && cells[0].Length == 0)
            {
                continue; // a blank line, typically the last one
            }

            if (cells.Count != header.Count)
            {
                yield return new SourceRow(reader.RecordLine, [], $"the row has {cells.Count} fields; the header has {header.Count}");
                continue;
            }

            var values = new List<KeyValuePair<string, JsonElement>>(cells.Count);
            for (var i = 0; i < cells.Count; i++)
            {
                var kind = kinds[i];
                var cell = cells[i];
                if (kind != CellKind.Skip && cell.Length > 0 && (kind == CellKind.Literal || !reading.MissingValues.IsMissing(cell)))
                {
                    values.Add(new(header[i], Convert(cell, kind)));
                }
            }

            yield return new SourceRow(reader.RecordLine, values);
        }
    }

    /// <summary>How each column's text becomes a JSON value; a column that is neither a feature nor a known column
    /// is skipped when <paramref name="reading"/> says so, and otherwise an error for the whole file (naming every
    /// such column and the fix), not for every row.</summary>
    private static CellKind[] CheckHeader(List<string> header, ModelDefinition definition, ImportColumns columns, ImportReading reading)
    {
        var extra = new List<string>();
        var kinds = new CellKind[header.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i];
            if (!seen.Add(name))
            {
                throw new UsageException("line 1", $"column '{name}' appears twice in the header");
            }

            if (name == columns.Label || name == columns.TrueLabel)
            {
                kinds[i] = definition.IsClassifier ? CellKind.Text : CellKind.Number;
            }
            else if (columns.IsSpecial(name))
            {
                kinds[i] = CellKind.Literal;
            }
            else if (definition.Features.TryGet(name, out var feature))
            {
                kinds[i] = feature.Type switch
                {
                    FeatureType.Numeric => CellKind.Number,
                    FeatureType.Boolean => CellKind.Boolean,
                    _ => CellKind.Text,
                };
            }
            else if (reading.Skips(name))
            {
                kinds[i] = CellKind.Skip;
            }
            else
            {
                extra.Add(name);
            }
        }

        if (extra.Count > 0)
        {
            var named = string.Join(", ", extra.Select(c => $"'{c}'"));
            throw new UsageException("line 1",
                $"{(extra.Count == 1 ? "column" : "columns")} {named} {(extra.Count == 1 ? "is" : "are")} neither a feature of model '{definition.Name}' " +
                $"({string.Join(", ", definition.Features.Select(f => f.Name))}) nor {columns}; {ImportReading.Fix(extra)}");
        }

        return kinds;
    }

    // A cell that does not read as its type stays text, so the schema check reports it like the API would.
    private static JsonElement Convert(string cell, CellKind kind)
    {
        if (kind == CellKind.Number && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return JsonSerializer.SerializeToElement(number);
        }

        if (kind == CellKind.Boolean && bool.TryParse(cell, out var flag))
        {
            return JsonSerializer.SerializeToElement(flag);
        }

        return JsonSerializer.SerializeToElement(cell);
    }

    private static IEnumerable<SourceRow> JsonLines(TextReader reader, ModelDefinition definition, ImportColumns columns, ImportReading reading)
    {
        long line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var document = TryParse(text, out var parseError);
            if (document is null)
            {
                yield return new SourceRow(line, [], $"is not valid JSON: {parseError}");
                continue;
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    yield return new SourceRow(line, [], "must be a JSON object");
                    continue;
                }

                var values = new List<KeyValuePair<string, JsonElement>>();
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    var name = property.Name;
                    var value = property.Value;
                    var known = definition.Features.IndexOf(name) >= 0 || name == columns.Label || name == columns.TrueLabel;
                    var skip = value.ValueKind == JsonValueKind.Null
                        || (known && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } token && reading.MissingValues.IsMissing(token))
                        || (!known && !columns.IsSpecial(name) && reading.Skips(name));
                    if (!skip)
                    {
                        values.Add(new(name, value.Clone()));
                    }
                }

                yield return new SourceRow(line, values);
            }
        }
    }

    private static JsonDocument? TryParse(string text, out string? error)
    {
        try
        {
            error = null;
            return JsonDocument.Parse(text, LineOptions);
        }
        catch (JsonException exception)
        {
            error = exception.Message;
            return null;
        }
    }

    private enum CellKind
    {
        Text,
        Number,
        Boolean,

        /// <summary>The tracking ID or the time: text that missing-value tokens do not apply to.</summary>
        Literal,

        /// <summary>An ignored column.</summary>
        Skip,
    }
}
