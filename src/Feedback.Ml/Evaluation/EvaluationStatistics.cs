using Feedback.Ml.Training;

namespace Feedback.Ml.Evaluation;

/// <summary>
/// The mergeable sufficient statistics of one model on a set of examples, per slice. Accumulate partitions with
/// <see cref="ModelEvaluator.Accumulate"/>, combine them with <see cref="Merge"/>, and turn the result into metrics
/// with <see cref="ModelEvaluator.Compute"/>; the metrics equal those of a single pass over all the examples.
/// </summary>
public sealed class EvaluationStatistics
{
    private readonly Dictionary<SliceKey, (int Spec, SliceStatistics Statistics)> _slices;

    internal EvaluationStatistics(string modelName, TaskKind task, int classCount, Dictionary<SliceKey, (int Spec, SliceStatistics Statistics)> slices)
    {
        ModelName = modelName;
        Task = task;
        ClassCount = classCount;
        _slices = slices;
    }

    /// <summary>The model the statistics are of.</summary>
    public string ModelName { get; }

    /// <summary>The task.</summary>
    public TaskKind Task { get; }

    /// <summary>Number of classes (1 for regression).</summary>
    public int ClassCount { get; }

    /// <summary>Number of examples accumulated (the overall slice's count).</summary>
    public long ExampleCount => _slices.TryGetValue(SliceKey.Overall, out var overall) ? overall.Statistics.Count : 0;

    /// <summary>The slices seen so far.</summary>
    public IEnumerable<SliceKey> Slices => _slices.Keys;

    internal IReadOnlyDictionary<SliceKey, (int Spec, SliceStatistics Statistics)> SliceMap => _slices;

    /// <summary>Combines the statistics of two disjoint partitions of the same data set, for the same model.</summary>
    /// <exception cref="ArgumentException">Different models, tasks or class counts.</exception>
    public EvaluationStatistics Merge(EvaluationStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.ModelName != ModelName || other.Task != Task || other.ClassCount != ClassCount)
        {
            throw new ArgumentException(
                $"Cannot merge statistics of '{other.ModelName}' ({other.Task}, {other.ClassCount} classes) into '{ModelName}' ({Task}, {ClassCount} classes).",
                nameof(other));
        }

        var merged = new Dictionary<SliceKey, (int Spec, SliceStatistics Statistics)>(_slices);
        foreach (var (key, (spec, statistics)) in other._slices)
        {
            merged[key] = merged.TryGetValue(key, out var mine) ? (spec, mine.Statistics.Merge(statistics)) : (spec, statistics);
        }

        return new EvaluationStatistics(ModelName, Task, ClassCount, merged);
    }
}
