using Hangfire;

namespace Feedback.Pipeline.Runs;

/// <summary>The Hangfire job that executes one step of a run, then enqueues the job of the next. Thin: the work, the
/// attempts and the retries are <see cref="RunExecutor"/>'s, recorded on the run; Hangfire only carries it out.</summary>
/// <remarks>Hangfire's own retries are off: a failing step is retried by the executor with the model's back-off, each
/// attempt recorded on the step. The arguments besides the run id only name the job in the dashboard.</remarks>
[AutomaticRetry(Attempts = 0)]
public sealed class RunStepJob(RunExecutor executor)
{
    // Recorded on each attempt: which process executed it.
    private static readonly string Node = $"{Environment.MachineName}:{Environment.ProcessId}";

    [JobDisplayName("{3} of run #{2} of {1}")]
    public Task ExecuteAsync(long runId, string model, int number, string step, CancellationToken cancellationToken)
    {
        _ = model;
        _ = number;
        return executor.ExecuteStepAsync(runId, step, Node, cancellationToken);
    }
}
