using Feedback.Core.Runs;

namespace Feedback.Pipeline.Steps;

/// <summary>One step of the pipeline. Steps are stateless: everything they need comes from the
/// <see cref="StepContext"/> and the stored artifacts, so a step can run on any node, be retried and resumed.</summary>
public interface IPipelineStep
{
    string Name { get; }

    /// <summary>The artifacts the step reads (lineage edges and cache inputs).</summary>
    Task<IReadOnlyList<RunArtifact>> InputsAsync(StepContext context, CancellationToken cancellationToken);

    /// <summary>Settings that change the step's output besides its inputs, folded into the fingerprint; null when the
    /// step must always run (it reads live data, or makes a decision).</summary>
    string? CacheKey(StepContext context);

    Task<StepResult> ExecuteAsync(StepContext context, IReadOnlyList<RunArtifact> inputs, CancellationToken cancellationToken);
}

/// <summary>What the run does after a step.</summary>
public enum StepFlow
{
    Continue,

    /// <summary>The run ends here without an error (not blessed, rejected, approval expired).</summary>
    EndRun,

    /// <summary>The run waits for something outside it (an approval decision) and is resumed later.</summary>
    Suspend,
}

/// <summary>A step's result: a summary for people and what happens next.</summary>
public sealed record StepResult(object? Summary, StepFlow Flow = StepFlow.Continue, RunOutcome? Outcome = null)
{
    public static StepResult Continue(object? summary) => new(summary);
}

/// <summary>A failure that retrying cannot fix (bad data, too few examples, a validation error): the run fails at once.</summary>
public sealed class StepFailedException(string message) : Exception(message);
