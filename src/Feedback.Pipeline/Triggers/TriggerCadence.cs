using System.Collections.Concurrent;

namespace Feedback.Pipeline.Triggers;

/// <summary>Per-model cadence of the automatic trigger conditions: a gate checked on every host tick, so it works
/// whichever scheduler ticks. Kept in memory per node: evaluating a model's conditions is idempotent (one active run
/// per model, cooldown read from the database), so a node that restarts or a second node only evaluates early.</summary>
public sealed class TriggerCadence(TimeProvider time)
{
    private readonly ConcurrentDictionary<long, DateTimeOffset> _lastEvaluated = new();

    /// <summary>True, and the evaluation is recorded, when <paramref name="cadence"/> has passed since this model's
    /// last evaluation on this node (always true without a cadence).</summary>
    public bool TryStart(long modelId, TimeSpan? cadence)
    {
        var now = time.GetUtcNow();
        if (cadence is { } every && _lastEvaluated.TryGetValue(modelId, out var last) && now - last < every)
        {
            return false;
        }

        _lastEvaluated[modelId] = now;
        return true;
    }
}
