using System.Globalization;
using System.Text;
using System.Text.Json;
using Feedback.Pipeline.Data;

namespace Feedback.Web.Api;

/// <summary>Writes a snapshot for people and other tools: CSV (one column per feature) or JSON lines.</summary>
internal static class SnapshotExport
{
    private static readonly string[] FixedColumns = ["trackingId", "split", "label", "weight", "source"];

    public static string Csv(Snapshot snapshot)
    {
        var features = snapshot.Rows.SelectMany(r => r.Inputs.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.AppendJoin(',', FixedColumns.Concat(features).Select(Quote)).Append('\n');
        foreach (var row in snapshot.Rows)
        {
            var cells = new List<string> { row.TrackingId, row.Split, row.Label, row.Weight.ToString(CultureInfo.InvariantCulture), row.Source };
            cells.AddRange(features.Select(f => row.Inputs.TryGetValue(f, out var v) ? Format(v) : string.Empty));
            text.AppendJoin(',', cells.Select(Quote)).Append('\n');
        }

        return text.ToString();
    }

    public static string JsonLines(Snapshot snapshot)
    {
        var text = new StringBuilder();
        foreach (var row in snapshot.Rows)
        {
            text.Append(JsonSerializer.Serialize(new { row.TrackingId, row.Split, row.Label, row.Weight, row.Source, row.Evidence, row.Inputs }, JsonSerializerOptions.Web)).Append('\n');
        }

        return text.ToString();
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
