using System.Text.Json;
using Feedback.Core.Errors;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Pipeline.Runs;

/// <summary>A run as the API shows it.</summary>
public sealed record RunView(
    long Id, string Model, int Number, RunStatus Status, RunOutcome? Outcome, RunTrigger Trigger, string Reason, bool ColdStart,
    string? RequestedBy, int DefinitionRevision, string? CurrentStep, string? Error, bool CancelRequested, int? BaselineVersion,
    int? ProducedVersion, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

public sealed record StepView(
    string Name, StepStatus Status, int Attempts, string? Fingerprint, long? CachedFromRunId, IReadOnlyList<long> Inputs,
    JsonElement? Summary, string? Error, DateTimeOffset? RetryAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    double? Seconds, IReadOnlyList<AttemptView> History);

public sealed record AttemptView(int Attempt, AttemptStatus Status, string? Node, string? Error, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);

public sealed record ArtifactView(long Id, string Step, string Kind, string Hash, string MediaType, long Size, DateTimeOffset CreatedAt);

public sealed record LogLineView(DateTimeOffset At, string? Step, string Level, string Message);

public sealed record RunDetail(RunView Run, IReadOnlyList<StepView> Steps, IReadOnlyList<ArtifactView> Artifacts, IReadOnlyList<LogLineView> Log);

/// <summary>What built a version: its run, snapshot and the feedback events and annotations behind its labels.</summary>
public sealed record VersionLineage(string Model, int Version, long RunId, int RunNumber, ArtifactView Snapshot, int Examples,
    IReadOnlyList<long> FeedbackEventIds, IReadOnlyList<long> AnnotationIds);

/// <summary>Where one prediction's labeled example went: the snapshots and the versions trained on them.</summary>
public sealed record PredictionLineage(string TrackingId, IReadOnlyList<PredictionUse> UsedBy);

public sealed record PredictionUse(string Model, long RunId, int RunNumber, long SnapshotId, string Split, string Label, int? Version, IReadOnlyList<string> Evidence);

/// <summary>Read side of runs: lists, details, and lineage in both directions.</summary>
public sealed class RunQueries(FeedbackDbContext db)
{
    public async Task<IReadOnlyList<RunView>> ListAsync(string modelName, int limit, CancellationToken cancellationToken)
    {
        var model = await db.Models.AsNoTracking().SingleOrDefaultAsync(m => m.Name == modelName, cancellationToken)
            ?? throw new NotFoundException($"model '{modelName}' does not exist");
        var runs = await db.PipelineRuns.AsNoTracking().Where(r => r.ModelId == model.Id).OrderByDescending(r => r.Number).Take(limit).ToListAsync(cancellationToken);
        return runs.Select(r => View(r, model.Name)).ToList();
    }

    public async Task<RunDetail> GetAsync(long runId, CancellationToken cancellationToken)
    {
        var run = await db.PipelineRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken)
            ?? throw new NotFoundException($"run {runId} does not exist");
        var model = await db.Models.AsNoTracking().Where(m => m.Id == run.ModelId).Select(m => m.Name).SingleAsync(cancellationToken);
        var steps = await db.RunSteps.AsNoTracking().Where(s => s.RunId == runId).OrderBy(s => s.Ordinal).ToListAsync(cancellationToken);
        var attempts = (await db.StepAttempts.AsNoTracking().Where(a => a.RunId == runId).OrderBy(a => a.Attempt).ToListAsync(cancellationToken)).ToLookup(a => a.StepId);
        var artifacts = await db.RunArtifacts.AsNoTracking().Where(a => a.RunId == runId).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var log = await db.RunLogLines.AsNoTracking().Where(l => l.RunId == runId).OrderBy(l => l.Id).Take(5000).ToListAsync(cancellationToken);
        return new RunDetail(
            View(run, model),
            steps.Select(s => new StepView(
                s.Name, s.Status, s.Attempts, s.Fingerprint, s.CachedFromRunId,
                s.Inputs is null ? [] : JsonSerializer.Deserialize<long[]>(s.Inputs)!,
                s.Summary is null ? null : JsonDocument.Parse(s.Summary).RootElement.Clone(),
                s.Error, s.RetryAt, s.StartedAt, s.FinishedAt,
                s.StartedAt is { } start && s.FinishedAt is { } end ? Math.Round((end - start).TotalSeconds, 3) : null,
                attempts[s.Id].Select(a => new AttemptView(a.Attempt, a.Status, a.Node, a.Error, a.StartedAt, a.FinishedAt)).ToList())).ToList(),
            artifacts.Select(ArtifactViewOf).ToList(),
            log.Select(l => new LogLineView(l.At, l.Step, l.Level, l.Message)).ToList());
    }

    public async Task<(RunArtifact Artifact, byte[] Content)> ArtifactAsync(long artifactId, CancellationToken cancellationToken)
    {
        var artifact = await db.RunArtifacts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == artifactId, cancellationToken)
            ?? throw new NotFoundException($"artifact {artifactId} does not exist");
        var content = await db.ArtifactBlobs.AsNoTracking().Where(b => b.Hash == artifact.Hash).Select(b => b.Content).SingleAsync(cancellationToken);
        return (artifact, content);
    }

    public async Task<VersionLineage> VersionLineageAsync(string modelName, int version, CancellationToken cancellationToken)
    {
        var model = await db.Models.AsNoTracking().SingleOrDefaultAsync(m => m.Name == modelName, cancellationToken)
            ?? throw new NotFoundException($"model '{modelName}' does not exist");
        var run = await db.PipelineRuns.AsNoTracking().SingleOrDefaultAsync(r => r.ModelId == model.Id && r.ProducedVersion == version, cancellationToken)
            ?? throw new NotFoundException($"version {version} of '{modelName}' was not built by a pipeline run");
        var snapshot = await db.RunArtifacts.AsNoTracking().Where(a => a.RunId == run.Id && a.Kind == ArtifactKinds.Snapshot).OrderByDescending(a => a.Id).FirstAsync(cancellationToken);
        var evidence = await db.SnapshotExamples.AsNoTracking().Where(e => e.SnapshotId == snapshot.Id).Select(e => e.Evidence).ToListAsync(cancellationToken);
        var feedback = new SortedSet<long>();
        var annotations = new SortedSet<long>();
        foreach (var id in evidence.SelectMany(e => JsonSerializer.Deserialize<string[]>(e)!))
        {
            var colon = id.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && long.TryParse(id.AsSpan(colon + 1), out var number))
            {
                (id.StartsWith("feedback", StringComparison.Ordinal) ? feedback : annotations).Add(number);
            }
        }

        return new VersionLineage(modelName, version, run.Id, run.Number, ArtifactViewOf(snapshot), evidence.Count, [.. feedback], [.. annotations]);
    }

    public async Task<PredictionLineage> PredictionLineageAsync(string trackingId, CancellationToken cancellationToken)
    {
        var uses = await db.SnapshotExamples.AsNoTracking().Where(e => e.TrackingId == trackingId)
            .Join(db.RunArtifacts, e => e.SnapshotId, a => a.Id, (e, a) => new { e, a })
            .Join(db.PipelineRuns, x => x.a.RunId, r => r.Id, (x, r) => new { x.e, r })
            .Join(db.Models, x => x.r.ModelId, m => m.Id, (x, m) => new { x.e, x.r, Model = m.Name })
            .OrderBy(x => x.r.Id)
            .ToListAsync(cancellationToken);
        return new PredictionLineage(trackingId, uses.Select(u => new PredictionUse(
            u.Model, u.r.Id, u.r.Number, u.e.SnapshotId, u.e.Split, u.e.Label, u.r.ProducedVersion, JsonSerializer.Deserialize<string[]>(u.e.Evidence)!)).ToList());
    }

    public static RunView View(PipelineRun r, string model)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new RunView(r.Id, model, r.Number, r.Status, r.Outcome, r.Trigger, r.Reason, r.ColdStart, r.RequestedBy, r.DefinitionRevision,
            r.CurrentStep, r.Error, r.CancelRequested, r.BaselineVersion, r.ProducedVersion, r.CreatedAt, r.StartedAt, r.FinishedAt);
    }

    private static ArtifactView ArtifactViewOf(RunArtifact a) => new(a.Id, a.Step, a.Kind, a.Hash, a.MediaType, a.Size, a.CreatedAt);
}
