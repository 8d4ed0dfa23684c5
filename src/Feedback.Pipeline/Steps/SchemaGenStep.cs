using System.Text;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Ml.Schema;
using Feedback.Ml.Validation;
using Feedback.Pipeline.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Pipeline.Steps;

/// <summary>Infers the data schema on a model's first run; afterwards keeps the curated schema of the previous run,
/// changing it only explicitly: the definition's required flags and drift thresholds are applied as new, noted
/// schema versions (SPEC §5.3).</summary>
public sealed class SchemaGenStep : IPipelineStep
{
    public string Name => PipelineStepNames.SchemaGen;

    public async Task<IReadOnlyList<RunArtifact>> InputsAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var statistics = await context.RequireAsync(ArtifactKinds.Statistics, cancellationToken);
        var previous = await PreviousSchemaAsync(context, cancellationToken);
        return previous is null ? [statistics] : [statistics, previous];
    }

    public string? CacheKey(StepContext context) =>
        string.Join(',', context!.Definition.Features.Select(f => $"{f.Name}:{f.Type}:{f.Required}"))
        + "|" + string.Join(',', context.Definition.Pipeline.DriftThresholds.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    public async Task<StepResult> ExecuteAsync(StepContext context, IReadOnlyList<RunArtifact> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(inputs);
        DataSchema schema;
        string origin;
        if (inputs.Count > 1)
        {
            schema = ValidationJson.Deserialize<DataSchema>(Encoding.UTF8.GetString(await context.Artifacts.ContentAsync(inputs[1], cancellationToken)));
            origin = "curated";
        }
        else
        {
            var statistics = ValidationJson.Deserialize<PipelineStatistics>(Encoding.UTF8.GetString(await context.Artifacts.ContentAsync(inputs[0], cancellationToken)));
            // Like TFDV, numeric ranges are not inferred: a first snapshot's min and max are not a contract.
            schema = new SchemaInferrer(new SchemaInferenceOptions { InferRanges = false }).Infer(statistics.Train);
            origin = "inferred";
        }

        var before = schema.Version;
        schema = ApplyDefinition(schema, context.Definition.Features, context.Definition.Pipeline.DriftThresholds);
        await context.WriteAsync(ArtifactKinds.Schema, "application/json", Encoding.UTF8.GetBytes(ValidationJson.Serialize(schema)), cancellationToken);
        return StepResult.Continue(new { origin, version = schema.Version, changed = schema.Version != before, note = schema.ChangeNote, features = schema.Features.Count });
    }

    private static async Task<RunArtifact?> PreviousSchemaAsync(StepContext context, CancellationToken cancellationToken)
    {
        var db = context.Services.GetRequiredService<FeedbackDbContext>();
        return await db.RunArtifacts.AsNoTracking()
            .Where(a => a.ModelId == context.Model.Id && a.Kind == ArtifactKinds.Schema && a.RunId != context.Run.Id)
            .Join(db.PipelineRuns.Where(r => r.Status == RunStatus.Succeeded), a => a.RunId, r => r.Id, (a, _) => a)
            .OrderByDescending(a => a.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    // The definition is the curated part: optional features may be absent, and drift thresholds are set per feature
    // with the measure that suits the type (L∞ for categories, Jensen–Shannon for distributions).
    private static DataSchema ApplyDefinition(DataSchema schema, FeatureSchema features, IReadOnlyDictionary<string, double> thresholds)
    {
        foreach (var feature in features)
        {
            if (schema.Find(feature.Name) is not { } current)
            {
                continue;
            }

            DistanceThreshold? threshold = thresholds.TryGetValue(feature.Name, out var value)
                ? new DistanceThreshold(feature.Type is FeatureType.Categorical or FeatureType.Boolean ? DistanceMeasure.LInfinity : DistanceMeasure.JensenShannon, value)
                : null;
            var curated = current with
            {
                Required = feature.Required,
                MinPresence = feature.Required ? current.MinPresence : 0,
                DriftThreshold = threshold,
                SkewThreshold = threshold,
            };
            if (curated != current)
            {
                schema = schema.WithFeature(curated, $"'{feature.Name}': required={feature.Required}, threshold={threshold?.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} from the model definition");
            }
        }

        return schema;
    }
}
