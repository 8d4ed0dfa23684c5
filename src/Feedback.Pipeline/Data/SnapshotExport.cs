using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Feedback.Pipeline.Data;

/// <summary>Writes a snapshot for people and other tools: CSV (one column per feature) or JSON lines. Shared by the
/// HTTP export and the <c>feedback export</c> command, so both give the same bytes.</summary>
public static class SnapshotExport
{
    private static readonly string[] FixedColumns = ["trackingId", "split", "label", "weight", "source"];

    /// <summary>The formats, as <c>--format</c> and <c>?format=</c> name them.</summary>
    public static readonly IReadOnlyList<string> Formats = ["csv", "jsonl"];

    /// <summary>Writes <paramref name="snapshot"/> as <paramref name="format"/> (<c>csv</c> or <c>jsonl</c>).</summary>
    public static void Write(Snapshot snapshot, string format, TextWriter writer)
    {
        switch (format)
        {
            case "csv":
                WriteCsv(snapshot, writer);
                break;
            case "jsonl":
                WriteJsonLines(snapshot, writer);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "must be csv or jsonl");
        }
    }

    public static string Csv(Snapshot snapshot)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        WriteCsv(snapshot, text);
        return text.ToString();
    }

    public static string JsonLines(Snapshot snapshot)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        WriteJsonLines(snapshot, text);
        return text.ToString();
    }

    public static void WriteCsv(Snapshot snapshot, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(writer);
        var features = snapshot.Rows.SelectMany(r => r.Inputs.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var line = new StringBuilder();
        line.AppendJoin(',', FixedColumns.Concat(features).Select(Quote)).Append('\n');
        writer.Write(line);
        foreach (var row in snapshot.Rows)
        {
            line.Clear();
            var cells = new List<string> { row.TrackingId, row.Split, row.Label, row.Weight.ToString(CultureInfo.InvariantCulture), row.Source };
            cells.AddRange(features.Select(f => row.Inputs.TryGetValue(f, out var v) ? Format(v) : string.Empty));
            line.AppendJoin(',', cells.Select(Quote)).Append('\n');
            writer.Write(line);
        }
    }

    public static void WriteJsonLines(Snapshot snapshot, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var row in snapshot.Rows)
        {
            writer.Write(JsonSerializer.Serialize(new { row.TrackingId, row.Split, row.Label, row.Weight, row.Source, row.Evidence, row.Inputs }, JsonSerializerOptions.Web));
            writer.Write('\n');
        }
    }

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    // RFC 4180 quoting, and a leading quote mark against spreadsheet formula injection.
    private static string Quote(string cell)
    {
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            cell = "'" + cell;
        }

        return cell.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }
}
