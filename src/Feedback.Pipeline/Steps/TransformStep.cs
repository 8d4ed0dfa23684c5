using Feedback.Core.Runs;
using Feedback.Ml.Transforms;
using Feedback.Pipeline.Data;
using Feedback.Pipeline.Runs;

namespace Feedback.Pipeline.Steps;

/// <summary>Fits the feature transform on the training split only (SPEC §5.5); it is saved inside the model bundle,
/// so serving applies exactly the training transform.</summary>
public sealed class TransformStep : IPipelineStep
{
    public const string MediaType = "application/x-feedback-transform";

    public string Name => PipelineStepNames.Transform;

    public async Task<IReadOnlyList<RunArtifact>> InputsAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [await context.RequireAsync(ArtifactKinds.Snapshot, cancellationToken)];
    }

    public string? CacheKey(StepContext context) => "transform-defaults-v1|" + string.Join(',', context!.Definition.Features.Select(f => $"{f.Name}:{f.Type}:{f.Role}:{f.Required}"));

    public async Task<StepResult> ExecuteAsync(StepContext context, IReadOnlyList<RunArtifact> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(inputs);
        var snapshot = await context.ReadAsync(inputs[0], Snapshot.FromBytes, cancellationToken);
        var train = snapshot.ToTable(Snapshot.Train, context.Definition);
        var transform = new FeatureTransformEstimator().Fit(train);
        context.Remember(await context.WriteAsync(ArtifactKinds.Transform, MediaType, Save(transform), cancellationToken), transform);
        return StepResult.Continue(new { trainRows = train.RowCount, outputColumns = transform.ColumnCount });
    }

    public static byte[] Save(FittedTransform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            transform.Save(writer);
        }

        return buffer.ToArray();
    }

    public static FittedTransform Load(byte[] content, Feedback.Ml.Schema.FeatureSchema schema)
    {
        using var reader = new BinaryReader(new MemoryStream(content));
        return FittedTransform.Load(reader, schema);
    }
}
