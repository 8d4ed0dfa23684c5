using System.Text.Json;
using Feedback.Core.Models;
using Feedback.Core.Runs;
using Feedback.Pipeline.Artifacts;
using Feedback.Pipeline.Events;
using Feedback.Pipeline.Runs;

namespace Feedback.Pipeline.Steps;

/// <summary>Everything a step may use: the run, its model definition (the revision fixed at run creation), the
/// artifact store, the scoped services, a memo shared by the steps of one execution, and logging.</summary>
public sealed class StepContext(
    PipelineRun run,
    RegisteredModel model,
    ModelDefinition definition,
    ArtifactStore artifacts,
    RunJournal journal,
    PipelineEventBus events,
    IServiceProvider services,
    TimeProvider time)
{
    private readonly Dictionary<string, object> _memo = new(StringComparer.Ordinal);

    public PipelineRun Run { get; } = run;

    public RegisteredModel Model { get; } = model;

    public ModelDefinition Definition { get; } = definition;

    public ArtifactStore Artifacts { get; } = artifacts;

    public IServiceProvider Services { get; } = services;

    public TimeProvider Time { get; } = time;

    public string CurrentStep { get; set; } = string.Empty;

    public Task LogAsync(string message, string level = "info") => journal.LogAsync(Run.Id, CurrentStep, level, message);

    /// <summary>Tells open pages that this run's approval request changed (opened, or decided by policy).</summary>
    public void ReportApproval(long approvalId, ApprovalStatus status, string? decidedBy) =>
        events.Publish(new ApprovalChanged(Run.Id, Model.Name, Time.GetUtcNow(), approvalId, status, decidedBy));

    public void ReportProgress(int iteration, double trainingLoss, double? validationLoss) =>
        events.Publish(new TrainingProgressed(Run.Id, Model.Name, Time.GetUtcNow(), iteration, trainingLoss, validationLoss));

    /// <summary>This run's latest artifact of a kind; a missing one means an earlier step did not run, a bug.</summary>
    public async Task<RunArtifact> RequireAsync(string kind, CancellationToken cancellationToken) =>
        await Artifacts.FindAsync(Run.Id, kind, cancellationToken)
        ?? throw new InvalidOperationException($"Run {Run.Id} has no '{kind}' artifact; the step that writes it has not run.");

    /// <summary>Reads an artifact's content once per execution (several steps read the snapshot).</summary>
    public async Task<T> ReadAsync<T>(RunArtifact artifact, Func<byte[], T> parse, CancellationToken cancellationToken)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentNullException.ThrowIfNull(parse);
        var key = $"{typeof(T).FullName}:{artifact.Hash}";
        if (_memo.TryGetValue(key, out var cached))
        {
            return (T)cached;
        }

        var value = parse(await Artifacts.ContentAsync(artifact, cancellationToken));
        _memo[key] = value;
        return value;
    }

    /// <summary>Primes the memo with a value the step already holds (the snapshot it just wrote).</summary>
    public void Remember<T>(RunArtifact artifact, T value)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(artifact);
        _memo[$"{typeof(T).FullName}:{artifact.Hash}"] = value;
    }

    public Task<RunArtifact> WriteJsonAsync<T>(string kind, T value, JsonSerializerOptions options, CancellationToken cancellationToken) =>
        Artifacts.PutAsync(Run, CurrentStep, kind, "application/json", JsonSerializer.SerializeToUtf8Bytes(value, options), cancellationToken);

    public Task<RunArtifact> WriteAsync(string kind, string mediaType, byte[] content, CancellationToken cancellationToken) =>
        Artifacts.PutAsync(Run, CurrentStep, kind, mediaType, content, cancellationToken);
}
