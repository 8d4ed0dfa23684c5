using System.Globalization;
using System.Text;

namespace Feedback.Bench.Ingestion;

/// <summary>A goal a result must meet to PASS.</summary>
internal sealed record Target(string Description, Func<ResultRow, bool> IsMet)
{
    /// <summary>HTTP rows/s at least <paramref name="fraction"/> of the raw baseline's.</summary>
    public static Target RatioAtLeast(double fraction) =>
        new($"ratio ≥ {fraction:0%}", row => row.Ratio >= fraction);

    /// <summary>p99 under <paramref name="p99Milliseconds"/> while sustaining (95% of) <paramref name="perSecond"/> requests/s.</summary>
    public static Target LatencyAtRate(int perSecond, double p99Milliseconds) =>
        new($"p99 < {p99Milliseconds:0} ms at {perSecond} req/s",
            row => row.Result.Latency.P99 < p99Milliseconds && row.Result.OperationsPerSecond >= 0.95 * perSecond);
}

/// <summary>One line of the final table: an HTTP scenario beside its raw baseline.</summary>
internal sealed record ResultRow(string Scenario, string Database, LoadResult Result, double? BaselineRowsPerSecond, Target? Target)
{
    public double? Ratio => BaselineRowsPerSecond is > 0 ? Result.RowsPerSecond / BaselineRowsPerSecond : null;

    public string Verdict => Result.Errors > 0 ? $"FAIL ({Result.Errors} errors)"
        : Target is null ? "(info)"
        : Target.IsMet(this) ? "PASS" : "FAIL";
}

/// <summary>Renders results as a Markdown table, ready to paste into the README.</summary>
internal static class MarkdownTable
{
    public static string Render(IEnumerable<ResultRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | database | rows/s | p50 ms | p99 ms | baseline rows/s | ratio | target | result |");
        text.AppendLine("|---|---|--:|--:|--:|--:|--:|---|---|");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Scenario} | {row.Database} | {row.Result.RowsPerSecond:N0} | {row.Result.Latency.P50:0.0} | {row.Result.Latency.P99:0.0} | " +
                $"{Optional(row.BaselineRowsPerSecond, "N0")} | {Optional(row.Ratio, "0%")} | {row.Target?.Description ?? "–"} | {row.Verdict} |");
        }

        return text.ToString();
    }

    private static string Optional(double? value, string format) =>
        value?.ToString(format, CultureInfo.InvariantCulture) ?? "–";
}
