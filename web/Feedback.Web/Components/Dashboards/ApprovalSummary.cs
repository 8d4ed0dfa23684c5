using System.Globalization;
using System.Text.Json;

namespace Feedback.Web.Components.Dashboards;

/// <summary>One headline metric of an approval request: the candidate's value, production's, and the change.</summary>
public sealed record SummaryMetric(string Metric, double? Candidate, double? Production, double? Delta)
{
    public string Format(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "—";

    public string FormatDelta() => Delta is { } d ? d.ToString("+0.####;-0.####;0", CultureInfo.InvariantCulture) : "—";
}

/// <summary>The approval request's summary (JSON written by the approval step) read for the page: headline metrics
/// against production and whether the validation checks passed. A summary missing a field shows less, never fails.</summary>
public sealed record ApprovalSummary(IReadOnlyList<SummaryMetric> Metrics, bool? ChecksPassed, int Failures)
{
    public static ApprovalSummary Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new ApprovalSummary([], null, 0);
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ApprovalSummary([], null, 0);
            }

            var metrics = new List<SummaryMetric>();
            if (root.TryGetProperty("metrics", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("metric", out var name) && name.ValueKind == JsonValueKind.String)
                    {
                        metrics.Add(new SummaryMetric(name.GetString()!, Number(item, "candidate"), Number(item, "production"), Number(item, "delta")));
                    }
                }
            }

            bool? passed = root.TryGetProperty("checksPassed", out var checks) && checks.ValueKind is JsonValueKind.True or JsonValueKind.False ? checks.GetBoolean() : null;
            var failures = root.TryGetProperty("failures", out var f) && f.ValueKind == JsonValueKind.Number && f.TryGetInt32(out var n) ? n : 0;
            return new ApprovalSummary(metrics, passed, failures);
        }
        catch (JsonException)
        {
            return new ApprovalSummary([], null, 0);
        }
    }

    private static double? Number(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
