using System.Globalization;
using System.Text.Json;

namespace Feedback.Core.Models;

/// <summary>The defaults a definition left unset that change what the loop does (how many examples a run needs, what
/// blesses a candidate, who pushes it, what starts a run), each with the setting that changes it. Told to the user when
/// a model is created, so no behaviour comes as a surprise.</summary>
public static class BehaviourDefaults
{
    /// <summary>One line per default that applies to <paramref name="definition"/> because <paramref name="given"/>
    /// (the document as written) left it out.</summary>
    public static IReadOnlyList<string> Describe(ModelDefinitionDocument given, ModelDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(definition);
        var lines = new List<string>();
        if (given.Pipeline?.MinExamples is null)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"pipeline.minExamples: {definition.Pipeline.MinExamples} (a run with fewer labeled examples fails at ExampleGen)"));
        }

        if (given.Pipeline?.Trainer is null)
        {
            lines.Add($"pipeline.trainer: {ModelDefinitionValidator.FormatTrainer(definition.Pipeline.Trainer)}");
        }

        if (!Has(given.Evaluation, "metricThresholds") && !Has(given.Evaluation, "thresholds"))
        {
            var metric = NoRegressionThreshold.PrimaryMetric(ModelDefinitionValidator.TaskKindOf(definition.TaskType));
            lines.Add($"evaluation: a candidate is blessed only if it is not worse than production on {metric} (evaluation.thresholds: none blesses every candidate)");
        }

        if (given.Approval?.Policy is null)
        {
            lines.Add("approval.policy: automatic (a blessed candidate is pushed without a person; manual asks an approver)");
        }

        if (given.Triggers is null)
        {
            lines.Add("triggers: none (runs start only when asked: feedback run, POST /api/v1/models/{name}/runs)");
        }

        if (given.Retention is null)
        {
            lines.Add($"retention: {Duration.Format(definition.Retention)} (predictions without feedback are deleted after it)");
        }

        return lines;
    }

    private static bool Has(JsonElement? section, string property) =>
        section is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null;
}
