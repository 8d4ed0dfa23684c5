using System.Diagnostics;
using Feedback.Core.Labels;
using Feedback.Core.Models;
using Feedback.Core.Storage;
using Feedback.Pipeline.Artifacts;
using Feedback.Pipeline.Data;
using Feedback.Pipeline.Steps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Bench.Pipeline;

/// <summary>Where ExampleGen's time goes: its parts repeated one by one over the same labeled examples after the
/// runs, with the same calls the step makes. The parts should add up to about the step's time in <c>run_steps</c>.</summary>
internal sealed record ExampleGenParts(int Rows, long SnapshotBytes, int ServingRows, double Read, double Serialize, double ArtifactWrite, double IndexWrite, double ServingSample)
{
    public double Total => Read + Serialize + ArtifactWrite + IndexWrite + ServingSample;

    public static async Task<ExampleGenParts> MeasureAsync(IServiceProvider services, RegisteredModel model, ModelDefinition definition, long runId)
    {
        var cancellationToken = CancellationToken.None;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        var settings = definition.Pipeline;

        var watch = Stopwatch.StartNew();
        var rows = new List<SnapshotRow>();
        await foreach (var example in scope.ServiceProvider.GetRequiredService<LabeledExampleReader>().ReadAsync(model.Id, null, cancellationToken))
        {
            rows.Add(new SnapshotRow(
                example.TrackingId,
                ExampleGenStep.IsEval(example.TrackingId, settings.EvalShare) ? Snapshot.Eval : Snapshot.Train,
                example.Label,
                example.Weight,
                LabelSourceNames.ToWire(example.Source),
                example.EvidenceIds,
                FeatureValueJson.Read(example.InputsJson)));
        }

        var read = watch.Elapsed.TotalSeconds;

        watch.Restart();
        var bytes = new Snapshot(rows).ToBytes();
        var serialize = watch.Elapsed.TotalSeconds;

        // One byte more than the run's snapshot, so the blob is new and really written (equal content is stored once).
        var scratch = new byte[bytes.Length + 1];
        bytes.CopyTo(scratch, 0);
        var run = await db.PipelineRuns.AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);
        watch.Restart();
        var artifact = await scope.ServiceProvider.GetRequiredService<ArtifactStore>().PutAsync(run, "bench", "bench-scratch", Snapshot.MediaType, scratch, cancellationToken);
        var artifactWrite = watch.Elapsed.TotalSeconds;

        watch.Restart();
        await SnapshotIndex.WriteAsync(db, artifact, rows, cancellationToken);
        var indexWrite = watch.Elapsed.TotalSeconds;

        watch.Restart();
        var since = DateTimeOffset.UtcNow - settings.ServingWindow;
        var serving = await db.Predictions.AsNoTracking()
            .Where(p => p.ModelId == model.Id && p.ServedAt >= since)
            .OrderByDescending(p => p.Id)
            .Take(50_000)
            .Select(p => new { p.TrackingId, p.Inputs })
            .ToListAsync(cancellationToken);
        var servingBytes = new Snapshot(serving
            .OrderBy(p => p.TrackingId, StringComparer.Ordinal)
            .Select(p => new SnapshotRow(p.TrackingId, "serving", string.Empty, 1, "serving", [], FeatureValueJson.Read(p.Inputs)))
            .ToList()).ToBytes();
        var servingSample = watch.Elapsed.TotalSeconds;
        GC.KeepAlive(servingBytes);
        return new ExampleGenParts(rows.Count, bytes.LongLength, serving.Count, read, serialize, artifactWrite, indexWrite, servingSample);
    }
}
