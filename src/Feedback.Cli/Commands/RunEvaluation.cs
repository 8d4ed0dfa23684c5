using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Feedback.Core.Models;
using Feedback.Core.Storage;
using Feedback.Ml.Training;
using Feedback.Pipeline.Runs;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Cli.Commands;

/// <summary>What a run's Evaluator found, as <c>run --wait</c>, <c>runs</c> and <c>versions</c> print it: the primary
/// metric of the candidate and of production (the run's baseline) on the same eval split, their difference, and the
/// validation result. Read from the Evaluator step's summary.</summary>
/// <param name="PrimaryMetric">auc (binary), accuracy (multiclass) or rootMeanSquaredError (regression).</param>
/// <param name="Candidate">The candidate's headline metrics.</param>
/// <param name="Production">Production's headline metrics on the same examples; null on a model's first run.</param>
/// <param name="ProductionVersion">The production version the candidate was compared with.</param>
/// <param name="Delta">Candidate minus production on the primary metric; null without production.</param>
/// <param name="Blessed">Whether the candidate passed validation.</param>
/// <param name="Reason">Why it was blessed.</param>
/// <param name="Failures">The failed checks, as people read them.</param>
internal sealed record RunEvaluation(
    string PrimaryMetric, IReadOnlyDictionary<string, double?> Candidate, IReadOnlyDictionary<string, double?>? Production, int? ProductionVersion,
    double? Delta, bool Blessed, string? Reason, IReadOnlyList<string> Failures)
{
    /// <summary>How the CLI writes JSON: camelCase, enums as the API names them, indented.</summary>
    public static readonly JsonSerializerOptions Json = CreateJson();

    /// <summary>The evaluations of <paramref name="runIds"/> that reached the Evaluator, by run id.</summary>
    public static async Task<Dictionary<long, RunEvaluation>> ForRunsAsync(FeedbackDbContext db, TaskType task, IReadOnlyCollection<long> runIds, CancellationToken cancellationToken)
    {
        var summaries = await db.RunSteps.AsNoTracking()
            .Where(s => runIds.Contains(s.RunId) && s.Name == PipelineStepNames.Evaluator && s.Summary != null)
            .Select(s => new { s.RunId, s.Summary })
            .ToListAsync(cancellationToken);
        var primary = NoRegressionThreshold.PrimaryMetric(task switch
        {
            TaskType.Binary => TaskKind.BinaryClassification,
            TaskType.Multiclass => TaskKind.MulticlassClassification,
            _ => TaskKind.Regression,
        });
        var result = new Dictionary<long, RunEvaluation>();
        foreach (var summary in summaries)
        {
            if (Parse(summary.Summary!, primary) is { } evaluation)
            {
                result[summary.RunId] = evaluation;
            }
        }

        return result;
    }

    /// <summary>The primary metric with its change: <c>auc 0.9512 (+0.0112 vs v1)</c>, or <c>(first version)</c>.</summary>
    public string Headline()
    {
        var value = Format(Candidate.GetValueOrDefault(PrimaryMetric));
        return Delta is { } delta
            ? $"{PrimaryMetric} {value} ({delta.ToString("+0.0000;-0.0000;±0.0000", CultureInfo.InvariantCulture)} vs v{ProductionVersion})"
            : $"{PrimaryMetric} {value} ({(ProductionVersion is null ? "no production" : $"v{ProductionVersion} undefined")})";
    }

    /// <summary><c>blessed</c> or <c>not blessed: …</c>.</summary>
    public string Validation() => Blessed ? "blessed" : $"not blessed: {string.Join("; ", Failures)}";

    private static RunEvaluation? Parse(string json, string primary)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("candidate", out var candidate) || !root.TryGetProperty("blessed", out var blessed))
            {
                return null;
            }

            var production = root.TryGetProperty("baseline", out var baseline) && baseline.ValueKind == JsonValueKind.Object ? Metrics(baseline) : null;
            int? productionVersion = root.TryGetProperty("baselineVersion", out var version) && version.ValueKind == JsonValueKind.Number ? version.GetInt32() : null;
            var candidateMetrics = Metrics(candidate);
            double? delta = candidateMetrics.GetValueOrDefault(primary) is { } c && production?.GetValueOrDefault(primary) is { } p ? c - p : null;
            var failures = root.TryGetProperty("failures", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(Failure).ToList()
                : [];
            var reason = root.TryGetProperty("reason", out var why) && why.ValueKind == JsonValueKind.String ? why.GetString() : null;
            return new RunEvaluation(primary, candidateMetrics, production, productionVersion, delta, blessed.ValueKind == JsonValueKind.True, reason, failures);
        }
        catch (JsonException)
        {
            return null; // a summary from an older release: shown as no evaluation rather than failing the listing
        }
    }

    private static Dictionary<string, double?> Metrics(JsonElement metrics) =>
        metrics.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : (double?)null, StringComparer.Ordinal);

    private static string Failure(JsonElement failure)
    {
        string? Text(string name) => failure.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        double? Number(string name) => failure.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
        var baseline = Number("baselineValue") is { } b ? $" vs {Format(b)}" : string.Empty;
        return $"{Text("metric")} on {Text("slice")} = {Format(Number("observedValue"))}{baseline} ({Text("threshold")})";
    }

    private static string Format(double? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "undefined";

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
