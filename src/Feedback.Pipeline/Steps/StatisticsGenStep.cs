using Feedback.Core.Runs;
using Feedback.Ml.Validation;
using Feedback.Pipeline.Data;
using Feedback.Pipeline.Runs;

namespace Feedback.Pipeline.Steps;

/// <summary>Statistics of the training split, the eval split and recent serving traffic (SPEC §5.2).</summary>
public sealed class StatisticsGenStep : IPipelineStep
{
    public string Name => PipelineStepNames.StatisticsGen;

    public async Task<IReadOnlyList<RunArtifact>> InputsAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [await context.RequireAsync(ArtifactKinds.Snapshot, cancellationToken), await context.RequireAsync(ExampleGenStep.ServingSampleKind, cancellationToken)];
    }

    public string? CacheKey(StepContext context) => string.Join(',', context!.Definition.Features.Select(f => $"{f.Name}:{f.Type}:{f.Role}"));

    public async Task<StepResult> ExecuteAsync(StepContext context, IReadOnlyList<RunArtifact> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(inputs);
        var snapshot = await context.ReadAsync(inputs[0], Snapshot.FromBytes, cancellationToken);
        var serving = await context.ReadAsync(inputs[1], Snapshot.FromBytes, cancellationToken);
        var schema = context.Definition.Features;
        var label = Snapshot.LabelSpec(context.Definition);
        var generator = new StatisticsGenerator();

        DatasetStatistics Compute(IEnumerable<SnapshotRow> rows, string split, bool withLabel) =>
            generator.Compute(schema, withLabel ? label : null, rows.Select(r => WithLabel(r, withLabel, context.Definition.IsClassifier)).ToList(), split, cancellationToken);

        var statistics = new PipelineStatistics(
            Compute(snapshot.Split(Snapshot.Train), Snapshot.Train, withLabel: true),
            Compute(snapshot.Split(Snapshot.Eval), Snapshot.Eval, withLabel: true),
            serving.Rows.Count == 0 ? null : Compute(serving.Rows, "serving", withLabel: false));
        await context.WriteJsonAsync(ArtifactKinds.Statistics, statistics, ValidationJson.Options, cancellationToken);
        return StepResult.Continue(new
        {
            train = statistics.Train.RowCount,
            eval = statistics.Eval.RowCount,
            serving = statistics.Serving?.RowCount ?? 0,
            features = statistics.Train.Features.Count,
        });
    }

    private static IReadOnlyDictionary<string, object?> WithLabel(SnapshotRow row, bool withLabel, bool classifier)
    {
        if (!withLabel)
        {
            return row.Inputs;
        }

        return new Dictionary<string, object?>(row.Inputs, StringComparer.Ordinal)
        {
            [Snapshot.LabelField] = classifier ? row.Label : double.Parse(row.Label, System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}

/// <summary>The StatisticsGen artifact: one statistics set per split, and serving traffic when there was any.</summary>
public sealed record PipelineStatistics(DatasetStatistics Train, DatasetStatistics Eval, DatasetStatistics? Serving);
